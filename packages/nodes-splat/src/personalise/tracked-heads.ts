import type { Avatar, HeadModel, HeadParams, Mesh } from '@ffavatar/core';
import {
  allocateHeadParamGradients,
  batchHeadParams,
  evaluateHeadBatch,
  headParamsBackward,
  type HeadParamGradients,
} from '@ffavatar/core/geometry';
import { driveMeshBackwardCpu, MESH_BACKWARD_SCRATCH } from '../drive/drive-mesh-backward-cpu.js';
import { meshFrames } from '../drive/triangle-frame.js';
import type { GaussianGradients } from '../raster/project-backward-cpu.js';
import type { FloatArray } from '../raster/projected.js';

/**
 * The photos' head parameters while a personalisation refines them: one identity shared by every
 * photo (one subject), an expression and joint rotations per photo, and each photo's posed mesh
 * and triangle frames, re-evaluated after every update. The arrays are what the optimiser updates
 * in place.
 */
export interface TrackedHeads {
  readonly model: HeadModel;
  readonly identity: Float32Array;
  /** Per photo; every entry's `identity` is the shared array above. */
  readonly params: HeadParams[];
  readonly initial: readonly HeadParams[];
  readonly meshes: Mesh[];
  readonly frames: Float64Array[];
  readonly dVertices: Float64Array;
  readonly perTriangle: Float64Array;
  readonly grads: HeadParamGradients;
}

export function trackHeads(model: HeadModel, list: readonly HeadParams[]): TrackedHeads {
  // Photos of one subject share an identity; tracking fits it jointly, so this is a copy of it.
  const identity = new Float32Array(model.identityCount);
  for (const p of list)
    for (let i = 0; i < identity.length; i++) identity[i] = identity[i]! + p.identity[i]! / list.length;
  const params = list.map((p) => ({
    ...p,
    identity,
    expression: p.expression.slice(),
    ...(p.jointRotations ? { jointRotations: p.jointRotations.slice() } : {}),
  }));
  const heads: TrackedHeads = {
    model,
    identity,
    params,
    initial: params.map((p) => ({
      ...p,
      identity: identity.slice(),
      expression: p.expression.slice(),
      ...(p.jointRotations ? { jointRotations: p.jointRotations.slice() } : {}),
    })),
    meshes: params.map(() => ({
      vertexCount: model.vertexCount,
      triangleCount: model.triangleCount,
      vertices: new Float32Array(model.vertexCount * 3),
      triangles: model.triangles,
    })),
    frames: [],
    dVertices: new Float64Array(model.vertexCount * 3),
    perTriangle: new Float64Array(model.triangleCount * MESH_BACKWARD_SCRATCH),
    grads: allocateHeadParamGradients(model),
  };
  params.forEach((_, v) => poseHead(heads, v));
  return heads;
}

/** Re-evaluates photo `v`'s mesh and frames from its current parameters. */
export function poseHead(heads: TrackedHeads, v: number): void {
  const { model } = heads;
  const mesh = heads.meshes[v]!;
  evaluateHeadBatch(model, batchHeadParams(model, [heads.params[v]!]), { out: mesh.vertices });
  heads.frames[v] = meshFrames(mesh.vertices, mesh.triangles, mesh.triangleCount);
}

/**
 * dL/d(photo v's head parameters) from the gradients of the cloud driven on its mesh, with the
 * prior's pull toward the tracking added. The returned arrays are reused by the next call.
 */
export function headGradients(
  heads: TrackedHeads,
  v: number,
  avatar: Avatar,
  dCloud: GaussianGradients<FloatArray>,
  prior: number,
  want: { identity: boolean; expression: boolean },
): HeadParamGradients {
  const { grads, dVertices } = heads;
  dVertices.fill(0);
  driveMeshBackwardCpu(avatar, heads.meshes[v]!, dCloud, dVertices, heads.frames[v], heads.perTriangle);
  for (const a of [grads.identity, grads.expression, grads.rotation, grads.translation, grads.jointRotations])
    a?.fill(0);
  const p = heads.params[v]!;
  headParamsBackward(heads.model, p, dVertices, grads, { posed: heads.meshes[v]!.vertices, ...want });
  if (prior > 0) {
    const p0 = heads.initial[v]!;
    const pull = (g: Float64Array | undefined, x: Float32Array | undefined, x0: Float32Array | undefined) => {
      if (!g || !x || !x0) return;
      for (let i = 0; i < g.length; i++) g[i] = g[i]! + prior * (x[i]! - x0[i]!);
    };
    pull(grads.identity, p.identity, p0.identity);
    pull(grads.expression, p.expression, p0.expression);
    pull(grads.jointRotations, p.jointRotations, p0.jointRotations);
  }
  return grads;
}

/** Keeps activations of `unit` models (ICT, ARKit) in [0, 1] after an update. */
export function clampExpression(heads: TrackedHeads, v: number): void {
  if (heads.model.expressionRange !== 'unit') return;
  const e = heads.params[v]!.expression;
  for (let i = 0; i < e.length; i++) e[i] = Math.min(1, Math.max(0, e[i]!));
}
