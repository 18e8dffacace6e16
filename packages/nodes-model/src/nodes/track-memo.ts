import { hashValue, initHashing, prefixKeys, type NodeContext } from '@ffavatar/core';
import type { TrackResume, TrackStep } from '../landmarks/track-sequence.js';

/**
 * The tracking an earlier run kept, per frame, in the node's memo (NodeContext.memo): step i is kept
 * under a key naming frames 0..i and what else the forward pass depends on (`seed`: the tracker's
 * params and runtime), so a run over a longer range with the same start resumes after the frames
 * it shares, with the state the tracker had there. Nothing is kept without a memo or the frames'
 * identities (a bare test context).
 */
export async function keptTracking(
  ctx: NodeContext,
  frameCount: number,
  seed: unknown,
): Promise<TrackResume> {
  const ids = ctx.inputIds?.frames?.items;
  const memo = ctx.memo;
  if (!memo || !ids || ids.length !== frameCount) return {};
  await initHashing();
  const keys = await prefixKeys(`track|${hashValue(seed)}`, ids);
  const values = await memo.get(keys);
  const kept: TrackStep[] = [];
  // Keys name whole prefixes: the first gap ends what can be resumed.
  for (const v of values) {
    if (!isTrackStep(v)) break;
    kept.push(v);
  }
  return { kept, onStep: (i, step) => memo.set(keys[i]!, step) };
}

/** The dense mesh of one frame, as the node uses it. */
export interface KeptMesh {
  readonly points: Float32Array;
  readonly score: number;
}

/**
 * Dense meshes an earlier run kept, keyed by the frame and the exact points the mesh was seeded
 * from (the smoothed 68, which a longer range leaves unchanged on frames it shares with a shorter
 * one unless a lost face was filled from a later frame), so a frame whose seed moved is run again.
 */
export async function keptMeshes(
  ctx: NodeContext,
  seeds: readonly Float32Array[],
  runtime: string,
): Promise<{ kept: (KeptMesh | undefined)[]; keep: (index: number, mesh: KeptMesh) => void }> {
  const ids = ctx.inputIds?.frames?.items;
  const memo = ctx.memo;
  if (!memo || !ids || ids.length !== seeds.length)
    return { kept: seeds.map(() => undefined), keep: () => {} };
  await initHashing();
  const keys = seeds.map((p, i) => `mesh|${runtime}|${ids[i]}|${hashValue(p)}`);
  const values = await memo.get(keys);
  return {
    kept: values.map((v) => (isKeptMesh(v) ? v : undefined)),
    keep: (i, mesh) => memo.set(keys[i]!, { points: mesh.points, score: mesh.score }),
  };
}

function isTrackStep(v: unknown): v is TrackStep {
  return typeof v === 'object' && v !== null && 'source' in v && 'lastDetection' in v;
}

function isKeptMesh(v: unknown): v is KeptMesh {
  return typeof v === 'object' && v !== null && (v as KeptMesh).points instanceof Float32Array;
}
