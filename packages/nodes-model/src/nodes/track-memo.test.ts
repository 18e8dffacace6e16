// model.trackLandmarks through the executor on a scripted runtime: a rerun over more frames of the
// same clip runs the detector, the landmark net and the mesh nets only on the new frames, and gives
// what a cold run over all of them gives.
import { describe, expect, it } from 'vitest';
import {
  createRegistry,
  defineNodePackage,
  OutputCache,
  runGraph,
  validateGraph,
  type GraphDocument,
  type Image,
  type Landmarks,
} from '@ffavatar/core';
import { nodeFileAccess } from '@ffavatar/core/node';
import { IRIS_INPUT, MESH_INPUT, type FaceMeshBackend } from '../mesh/face-mesh-backend.js';
import { faceAt, scripted } from '../test-support/scripted-face.js';
import { createTrackLandmarksNode } from './track-landmarks.js';

// A face that drifts right, then jumps (a cut) at frame 15; 24 frames.
const faces = Array.from({ length: 24 }, (_, i) =>
  i < 15 ? faceAt(60 + 3 * i, 80, 80) : faceAt(170, 96, 84),
);
const clip = scripted({ faces });
const frames: Image[] = clip.frames.map((f) => ({ ...f, format: 'rgba8' }));

/** A mesh runtime that puts a regular grid in the middle of every crop, counting its calls. */
let meshCalls = 0;
const meshBackend: FaceMeshBackend = {
  description: 'grid mesh',
  async mesh() {
    meshCalls++;
    const p = new Float32Array(468 * 3);
    for (let i = 0; i < 468; i++) {
      p[3 * i] = MESH_INPUT * (0.25 + 0.5 * ((i % 22) / 21));
      p[3 * i + 1] = MESH_INPUT * (0.25 + 0.5 * (Math.floor(i / 22) / 21));
    }
    return { points: p, score: 0.9 };
  },
  async iris() {
    const p = new Float32Array(76 * 3);
    for (let i = 0; i < 76; i++) p[3 * i] = p[3 * i + 1] = IRIS_INPUT * (0.3 + (0.4 * i) / 75);
    return p;
  },
};

const track = createTrackLandmarksNode(
  async () => clip.backend,
  async () => meshBackend,
);
const registry = createRegistry([defineNodePackage({ name: 'model', nodes: [track] })]);
const doc: GraphDocument = {
  format: 'ffavatar-graph',
  version: 1,
  nodes: [{ id: 'track', type: 'model.trackLandmarks', params: { redetectEvery: 5, mesh: true } }],
  edges: [],
  inputs: { frames: { to: 'track.frames', type: 'List<Image>' } },
  outputs: {
    landmarks: 'track.landmarks',
    meshes: 'track.meshes',
    boxes: 'track.boxes',
    report: 'track.report',
  },
};
const { plan, problems } = validateGraph(doc, registry);
const roots = { baseDir: process.cwd(), outDir: undefined };

async function run(count: number, cache: OutputCache) {
  if (!plan) throw new Error(problems.map((p) => p.message).join('\n'));
  clip.calls.length = 0;
  meshCalls = 0;
  const r = await runGraph(plan, {
    roots,
    files: nodeFileAccess(roots),
    cache,
    inputs: { frames: frames.slice(0, count) },
  });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return { ...r, calls: clip.calls.slice(), meshCalls };
}

describe('model.trackLandmarks with a memo', () => {
  it('tracks only the new frames of a longer range, with the cold run’s points, boxes and meshes', async () => {
    const cold = await run(24, new OutputCache());
    expect(cold.meshCalls).toBe(48); // two passes a frame

    const cache = new OutputCache();
    const short = await run(10, cache);
    expect(short.nodes.track!.memo).toEqual({ hits: 0, stored: 20 });
    const longer = await run(24, cache);
    const frameOf = (c: string) => Number(c.split('@')[1]);
    expect(longer.calls.length).toBeGreaterThan(0);
    expect(longer.calls.filter((c) => frameOf(c) < 10)).toEqual([]);
    expect(longer.meshCalls).toBe(28);
    expect((longer.outputs.report as { fromCache: unknown }).fromCache).toEqual({ frames: 10, meshes: 10 });
    expect(longer.nodes.track!.memo).toEqual({ hits: 20, stored: 28 });

    const points = (r: typeof cold, port: 'landmarks' | 'meshes') =>
      (r.outputs[port] as Landmarks[]).map((l) => [...l.points, ...(l.confidence ?? [])]);
    expect(points(longer, 'landmarks')).toEqual(points(cold, 'landmarks'));
    expect(points(longer, 'meshes')).toEqual(points(cold, 'meshes'));
    expect(longer.outputs.boxes).toEqual(cold.outputs.boxes);
    const {
      framesPerSecond: _a,
      fromCache: _b,
      firstDetection: _c,
      ...rest
    } = longer.outputs.report as Record<string, unknown>;
    const {
      framesPerSecond: _d,
      fromCache: _e,
      firstDetection: _f,
      ...coldRest
    } = cold.outputs.report as Record<string, unknown>;
    expect(rest).toEqual(coldRest);
    expect(rest.corrected).toEqual([15]);
  });

  it('keeps the tracking when only the smoothing changes, and nothing when a shared frame changes', async () => {
    const cache = new OutputCache();
    await run(12, cache);
    const other = {
      ...doc,
      nodes: [{ ...doc.nodes[0]!, params: { redetectEvery: 5, mesh: true, smoothCutoff: 3 } }],
    };
    const resmoothed = await runGraph(validateGraph(other, registry).plan!, {
      roots,
      files: nodeFileAccess(roots),
      cache,
      inputs: { frames: frames.slice(0, 12) },
    });
    // Only the first frame's mesh: the filter passes a sequence's first points through unchanged.
    expect((resmoothed.outputs.report as { fromCache: unknown }).fromCache).toEqual({
      frames: 12,
      meshes: 1,
    });

    // A pixel away from the face: frames 3.. are tracked again (to the same points), meshes but 3's kept.
    const changed = frames.slice(0, 12).map((f, i) => (i === 3 ? { ...f, data: f.data.slice() } : f));
    (changed[3]!.data as Uint8Array)[5] = 99;
    clip.calls.length = 0;
    const r = await runGraph(plan!, {
      roots,
      files: nodeFileAccess(roots),
      cache,
      inputs: { frames: changed },
    });
    expect((r.outputs.report as { fromCache: unknown }).fromCache).toEqual({ frames: 3, meshes: 11 });
  });
});
