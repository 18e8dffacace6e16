// A 3D view of GaussianCloud outputs (and dropped PLY files) and of a live Avatar. A three.js
// PerspectiveCamera under OrbitControls (drag to orbit, right-drag to pan, wheel to zoom) gives the
// camera; our 3DGS renderer draws it in a Web Worker (viewer-renderer.ts: WebGPU on a hardware
// adapter, the CPU otherwise), so the page stays responsive. An Avatar's sliders (expressions,
// head yaw/pitch) re-drive it live. One frame is in flight at a time and only the latest wanted
// view is drawn next, so dragging never queues frames.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { PerspectiveCamera, Vector3 } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { Avatar, Camera, GaussianCloud, HeadModel, HeadParams } from '@ffavatar/core';
import { downloadBytes } from '../files/download.js';
import { EXPRESSION_SLIDERS, NEUTRAL_POSE, trackedPose, type AvatarPose } from './avatar-pose.js';
import { cameraFromThree } from './three-camera.js';
import { createViewerClient, viewerBackendFromUrl, type ViewerClient } from './viewer-client.js';
import type { ViewerScene } from './viewer-renderer.js';

const SIZE = 256;
/** Expressions the quick sliders set: not repeated in the full list (one control per expression). */
const QUICK = new Set(Object.values(EXPRESSION_SLIDERS).flat());
const FOV_Y = 30;

export interface AvatarSource {
  node: string;
  avatar: Avatar;
  model: HeadModel;
  /** The first photo's tracked params, when the run tracked any: the "as photographed" pose. */
  tracked?: HeadParams | undefined;
}

type Entry =
  | { kind: 'cloud'; node: string; cloud: GaussianCloud }
  | { kind: 'avatar'; node: string; source: AvatarSource };

const SLIDERS: {
  key: Exclude<keyof AvatarPose, 'more'>;
  label: string;
  min: number;
  max: number;
  step: number;
}[] = [
  { key: 'jaw', label: 'jaw open', min: 0, max: 1, step: 0.01 },
  { key: 'smile', label: 'smile', min: 0, max: 1, step: 0.01 },
  { key: 'blink', label: 'blink', min: 0, max: 1, step: 0.01 },
  { key: 'yaw', label: 'head yaw', min: -0.8, max: 0.8, step: 0.01 },
  { key: 'pitch', label: 'head pitch', min: -0.5, max: 0.5, step: 0.01 },
];

/** 356508 -> "357k": the entry menu is narrow. */
function compact(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${Math.round(n / 1e3)}k` : String(n);
}

export function CloudViewer(props: {
  clouds: { node: string; cloud: GaussianCloud }[];
  avatar?: AvatarSource | undefined;
  onClose(): void;
}) {
  const entries = useMemo<Entry[]>(
    () => [
      ...(props.avatar ? [{ kind: 'avatar' as const, node: props.avatar.node, source: props.avatar }] : []),
      ...props.clouds.map((c) => ({ kind: 'cloud' as const, ...c })),
    ],
    [props.avatar, props.clouds],
  );
  const [index, setIndex] = useState(0);
  const [pose, setPose] = useState<AvatarPose>(NEUTRAL_POSE);
  const [info, setInfo] = useState<string | undefined>(undefined);
  const [filter, setFilter] = useState('');
  const canvas = useRef<HTMLCanvasElement>(null);
  const client = useRef<ViewerClient | undefined>(undefined);
  const camera = useRef<PerspectiveCamera | undefined>(undefined);
  const controls = useRef<OrbitControls | undefined>(undefined);
  // The scene the worker holds (a counter: a frame of an older scene is dropped) and the render pump.
  const sceneId = useRef(0);
  const ready = useRef(false);
  const busy = useRef(false);
  const wanted = useRef<{ camera: Camera; pose: AvatarPose | undefined; scene: number } | undefined>(
    undefined,
  );
  const poseRef = useRef(pose);
  poseRef.current = pose;
  const entry = entries[Math.min(index, entries.length - 1)];

  const pump = useCallback(async () => {
    if (busy.current || !client.current) return;
    busy.current = true;
    // A failed frame (say, of a scene being replaced) does not stop the next wanted one.
    for (let w = wanted.current; w && client.current; w = wanted.current) {
      wanted.current = undefined;
      try {
        const frame = await client.current.api.render(w.camera, w.pose);
        if (w.scene !== sceneId.current) continue;
        canvas.current
          ?.getContext('2d')
          ?.putImageData(new ImageData(frame.rgba as Uint8ClampedArray<ArrayBuffer>, SIZE, SIZE), 0, 0);
        setInfo(`${frame.backend} · ${Math.round(frame.ms)} ms`);
      } catch (err) {
        if (w.scene === sceneId.current) setInfo(`render failed: ${(err as Error).message}`);
      }
    }
    busy.current = false;
  }, []);

  const requestRender = useCallback(() => {
    if (!ready.current || !camera.current) return;
    wanted.current = {
      camera: cameraFromThree(camera.current, SIZE, SIZE),
      pose: poseRef.current,
      scene: sceneId.current,
    };
    void pump();
  }, [pump]);

  // One worker and one set of controls per mounted viewer.
  useEffect(() => {
    client.current = createViewerClient(viewerBackendFromUrl());
    const cam = new PerspectiveCamera(FOV_Y, 1, 0.01, 100);
    const orbit = new OrbitControls(cam, canvas.current!);
    orbit.addEventListener('change', requestRender);
    camera.current = cam;
    controls.current = orbit;
    return () => {
      orbit.dispose();
      client.current?.dispose();
      client.current = undefined;
    };
  }, [requestRender]);

  // A new scene: hand it to the worker, frame the camera on it (world +y up, looking from +z at the
  // face, as the shipped graphs' frontal cameras do), draw.
  useEffect(() => {
    if (!entry || !client.current) return;
    const id = ++sceneId.current;
    ready.current = false;
    setInfo('loading…');
    const scene: ViewerScene =
      entry.kind === 'cloud'
        ? { kind: 'cloud', cloud: entry.cloud }
        : { kind: 'avatar', avatar: entry.source.avatar, model: entry.source.model };
    void client.current.api.setScene(scene).then(
      (frame) => {
        if (id !== sceneId.current) return;
        const cam = camera.current!,
          orbit = controls.current!;
        const [cx, cy, cz] = frame.centre;
        cam.position.set(cx, cy, cz + frame.radius * 2.6);
        cam.up.set(0, 1, 0);
        orbit.target.set(cx, cy, cz);
        orbit.update();
        orbit.saveState();
        ready.current = true;
        requestRender();
      },
      (err: Error) => setInfo(`cannot show ${entry.node}: ${err.message}`),
    );
  }, [entry, requestRender]);

  useEffect(() => {
    requestRender();
  }, [pose, requestRender]);

  /** Turns the camera about the target around world up (quarter turns find a face seen side-on). */
  const turn = (angle: number) => {
    const cam = camera.current,
      orbit = controls.current;
    if (!cam || !orbit) return;
    const offset = cam.position
      .clone()
      .sub(orbit.target)
      .applyAxisAngle(new Vector3(0, 1, 0), angle);
    cam.position.copy(orbit.target).add(offset);
    orbit.update();
  };

  if (!entry) return null;
  const count = entry.kind === 'cloud' ? entry.cloud.count : entry.source.avatar.count;
  const names = entry.kind === 'avatar' ? entry.source.model.expressionNames : [];
  return (
    <div className="ff-viewer" data-testid="viewer" data-kind={entry.kind} data-gaussians={count}>
      <header>
        <select
          value={index}
          onChange={(e) => setIndex(Number(e.target.value))}
          title={`${entry.node}: ${count.toLocaleString()} Gaussians`}
        >
          {entries.map((c, i) => (
            <option key={`${c.kind}:${c.node}`} value={i}>
              {c.node} · {c.kind === 'avatar' ? 'avatar' : 'cloud'}
            </option>
          ))}
        </select>
        {/* World axes differ between clouds (a driven avatar carries its tracked pose), so the
            first view may be a profile: quarter turns find the face in one or two clicks. */}
        <button onClick={() => turn(Math.PI / 2)} title="Turn 90° left">
          ⟲
        </button>
        <button onClick={() => turn(-Math.PI / 2)} title="Turn 90° right">
          ⟳
        </button>
        <button
          data-testid="export-ply"
          title="Export what the view shows as a standard 3DGS PLY (an avatar at its current expression and pose, with its binding)"
          onClick={() => {
            void client.current?.api.plyBytes(entry.kind === 'avatar' ? pose : undefined).then(
              (bytes) => {
                downloadBytes(`${entry.node}${entry.kind === 'avatar' ? '-posed' : ''}.ply`, bytes);
              },
              (err: Error) => setInfo(`export failed: ${err.message}`),
            );
          }}
        >
          PLY
        </button>
        <button onClick={props.onClose} title="Close">
          ×
        </button>
      </header>
      <canvas ref={canvas} width={SIZE} height={SIZE} data-testid="viewer-canvas" />
      {entry.kind === 'avatar' && (
        <div className="ff-viewer-sliders">
          {SLIDERS.filter(
            (s) =>
              !(s.key in EXPRESSION_SLIDERS) ||
              EXPRESSION_SLIDERS[s.key as keyof typeof EXPRESSION_SLIDERS].some((n) => names.includes(n)),
          ).map((s) => (
            <label key={s.key}>
              <span>{s.label}</span>
              <input
                type="range"
                min={s.min}
                max={s.max}
                step={s.step}
                value={pose[s.key]}
                data-testid={`viewer-slider-${s.key}`}
                onChange={(e) => {
                  const v = Number(e.target.value);
                  setPose((p) => ({ ...p, [s.key]: v }));
                }}
              />
            </label>
          ))}
          <details className="ff-viewer-more" data-testid="viewer-more">
            <summary>{names.filter((n) => !QUICK.has(n)).length} more expressions</summary>
            <input
              type="search"
              placeholder="filter…"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
            />
            <div className="ff-viewer-more-list">
              {names
                .filter((n) => !QUICK.has(n) && n.toLowerCase().includes(filter.toLowerCase()))
                .map((n) => (
                  <label key={n} title={n}>
                    <span>{n}</span>
                    <input
                      type="range"
                      min={0}
                      max={1}
                      step={0.01}
                      value={pose.more[n] ?? 0}
                      data-testid={`viewer-expression-${n}`}
                      onChange={(e) => {
                        const v = Number(e.target.value);
                        setPose((p) => ({ ...p, more: { ...p.more, [n]: v } }));
                      }}
                    />
                  </label>
                ))}
            </div>
          </details>
          <span className="ff-viewer-pose-buttons">
            {entry.source.tracked && (
              <button
                onClick={() => setPose(trackedPose(entry.source.model, entry.source.tracked!))}
                data-testid="viewer-tracked"
                title="The expression tracked on the first photo (head pose kept frontal)"
              >
                as photographed
              </button>
            )}
            <button
              onClick={() => {
                setPose(NEUTRAL_POSE);
                controls.current?.reset();
              }}
              title="Neutral expression, front view"
            >
              reset
            </button>
          </span>
        </div>
      )}
      <footer>
        {compact(count)} Gaussians{info ? ` · ${info}` : ''} · drag to orbit, right-drag to pan, wheel to zoom
      </footer>
    </div>
  );
}
