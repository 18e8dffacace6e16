// A 3D view of GaussianCloud outputs and of a driven Avatar: our CPU 3DGS rasterizer
// (@ffavatar/nodes-splat) under an orbit camera (drag to orbit, wheel to zoom). CPU speed is enough
// for a 256 px view of a head. An Avatar is shown live: its sliders (expressions, head yaw/pitch)
// re-evaluate the head with the subject's identity, drive the avatar on it and re-render. Work is
// coalesced to one frame per animation frame, so dragging a slider or the view never queues frames.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Avatar, GaussianCloud, HeadModel } from '@ffavatar/core';
import { rasterizeCpu, writeGaussianPly } from '@ffavatar/nodes-splat';
import { downloadBytes } from '../files/download.js';
import { driveToPose, EXPRESSION_SLIDERS, NEUTRAL_POSE, type AvatarPose } from '../run/avatar-pose.js';
import { frameOf, orbitCamera, type Orbit } from '../run/orbit-camera.js';

const SIZE = 256;

export interface AvatarSource { node: string; avatar: Avatar; model: HeadModel }

type Entry = { kind: 'cloud'; node: string; cloud: GaussianCloud } | { kind: 'avatar'; node: string; source: AvatarSource };

const SLIDERS: { key: keyof AvatarPose; label: string; min: number; max: number; step: number }[] = [
  { key: 'jaw', label: 'jaw open', min: 0, max: 1, step: 0.01 },
  { key: 'smile', label: 'smile', min: 0, max: 1, step: 0.01 },
  { key: 'blink', label: 'blink', min: 0, max: 1, step: 0.01 },
  { key: 'yaw', label: 'head yaw', min: -0.8, max: 0.8, step: 0.01 },
  { key: 'pitch', label: 'head pitch', min: -0.5, max: 0.5, step: 0.01 },
];

export function CloudViewer(props: { clouds: { node: string; cloud: GaussianCloud }[]; avatar?: AvatarSource | undefined; onClose(): void }) {
  const entries = useMemo<Entry[]>(() => [
    ...(props.avatar ? [{ kind: 'avatar' as const, node: props.avatar.node, source: props.avatar }] : []),
    ...props.clouds.map((c) => ({ kind: 'cloud' as const, ...c })),
  ], [props.avatar, props.clouds]);
  const [index, setIndex] = useState(0);
  const [orbit, setOrbit] = useState<Orbit>({ yaw: 0, pitch: 0, zoom: 1 });
  const [pose, setPose] = useState<AvatarPose>(NEUTRAL_POSE);
  const [ms, setMs] = useState<number | undefined>(undefined);
  const canvas = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ x: number; y: number; o: Orbit } | undefined>(undefined);
  const entry = entries[Math.min(index, entries.length - 1)];
  // The avatar's neutral, unrotated drive frames the camera once: sliders move the head, not the view.
  const neutral = useMemo(() => entry?.kind === 'avatar' ? driveToPose(entry.source.model, entry.source.avatar, NEUTRAL_POSE) : undefined, [entry]);
  const frame = useMemo(() => entry && frameOf(entry.kind === 'cloud' ? entry.cloud : neutral!), [entry, neutral]);
  const scratch = useRef<GaussianCloud | undefined>(undefined);

  useEffect(() => {
    if (!entry || !frame || !canvas.current) return;
    const id = requestAnimationFrame(() => {
      const t0 = performance.now();
      let cloud: GaussianCloud;
      if (entry.kind === 'cloud') cloud = entry.cloud;
      else {
        if (scratch.current?.count !== entry.source.avatar.count) scratch.current = undefined;
        cloud = scratch.current = driveToPose(entry.source.model, entry.source.avatar, pose, scratch.current);
      }
      const { rgba } = rasterizeCpu(cloud, orbitCamera(frame, orbit, SIZE), { background: [0.09, 0.1, 0.12] });
      const px = new Uint8ClampedArray(SIZE * SIZE * 4);
      for (let i = 0; i < px.length; i++) px[i] = (i & 3) === 3 ? 255 : Math.round(Math.min(1, Math.max(0, rgba[i]!)) * 255);
      canvas.current?.getContext('2d')?.putImageData(new ImageData(px, SIZE, SIZE), 0, 0);
      setMs(performance.now() - t0);
    });
    return () => cancelAnimationFrame(id);
  }, [entry, frame, orbit, pose]);

  if (!entry) return null;
  const count = entry.kind === 'cloud' ? entry.cloud.count : entry.source.avatar.count;
  const names = entry.kind === 'avatar' ? entry.source.model.expressionNames : [];
  return (
    <div className="ff-viewer" data-testid="viewer" data-kind={entry.kind} data-gaussians={count}>
      <header>
        <select value={index} onChange={(e) => setIndex(Number(e.target.value))}>
          {entries.map((c, i) => <option key={`${c.kind}:${c.node}`} value={i}>
            {c.node} · {c.kind === 'avatar' ? `live avatar · ${c.source.avatar.count.toLocaleString()}` : `${c.cloud.count.toLocaleString()} Gaussians`}
          </option>)}
        </select>
        {/* World axes differ between clouds (a driven avatar carries its tracked pose), so the
            first view may be a profile: quarter turns find the face in one or two clicks. */}
        <button onClick={() => setOrbit((o) => ({ ...o, yaw: o.yaw + Math.PI / 2 }))} title="Turn 90° left">⟲</button>
        <button onClick={() => setOrbit((o) => ({ ...o, yaw: o.yaw - Math.PI / 2 }))} title="Turn 90° right">⟳</button>
        <button data-testid="export-ply" title="Export what the view shows as a standard 3DGS PLY (an avatar at its current expression and pose)"
          onClick={() => {
            const cloud = entry.kind === 'cloud' ? entry.cloud : (scratch.current ?? neutral!);
            downloadBytes(`${entry.node}${entry.kind === 'avatar' ? '-posed' : ''}.ply`, writeGaussianPly(cloud));
          }}>PLY</button>
        <button onClick={props.onClose} title="Close">×</button>
      </header>
      <canvas ref={canvas} width={SIZE} height={SIZE} data-testid="viewer-canvas"
        onPointerDown={(e) => { drag.current = { x: e.clientX, y: e.clientY, o: orbit }; e.currentTarget.setPointerCapture(e.pointerId); }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (!d) return;
          const pitch = Math.max(-1.3, Math.min(1.3, d.o.pitch + (e.clientY - d.y) * 0.01));
          setOrbit({ ...d.o, yaw: d.o.yaw - (e.clientX - d.x) * 0.01, pitch });
        }}
        onPointerUp={() => { drag.current = undefined; }}
        onWheel={(e) => setOrbit((o) => ({ ...o, zoom: Math.max(0.3, Math.min(5, o.zoom * Math.exp(-e.deltaY * 0.001))) }))} />
      {entry.kind === 'avatar' && (
        <div className="ff-viewer-sliders">
          {SLIDERS.filter((s) => !(s.key in EXPRESSION_SLIDERS) || EXPRESSION_SLIDERS[s.key as keyof typeof EXPRESSION_SLIDERS].some((n) => names.includes(n)))
            .map((s) => (
              <label key={s.key}>
                <span>{s.label}</span>
                <input type="range" min={s.min} max={s.max} step={s.step} value={pose[s.key]} data-testid={`viewer-slider-${s.key}`}
                  onChange={(e) => { const v = Number(e.target.value); setPose((p) => ({ ...p, [s.key]: v })); }} />
              </label>
            ))}
          <button onClick={() => setPose(NEUTRAL_POSE)} title="Neutral expression, front view">reset</button>
        </div>
      )}
      <footer>drag to orbit · wheel to zoom{ms !== undefined ? ` · ${Math.round(ms)} ms` : ''}</footer>
    </div>
  );
}
