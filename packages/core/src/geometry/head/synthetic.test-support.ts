import type { HeadModel } from '../../engine/ports/head.js';
import { seededRandom } from '../../engine/values/seeded-random.js';

/** Deterministic pseudo-random numbers in [-1, 1), so failures reproduce. */
export function random(seed: number): () => number {
  const r = seededRandom(seed);
  return () => r() * 2 - 1;
}

/**
 * A small random head model: a grid of V vertices triangulated as a strip, random bases, and with
 * `joints` a FLAME-shaped rig (root, neck, jaw, two eyes) whose weights and correctives are local.
 */
export function syntheticModel(
  opts: { V?: number; I?: number; E?: number; skinned?: boolean; seed?: number } = {},
): HeadModel {
  const V = opts.V ?? 40,
    I = opts.I ?? 4,
    E = opts.E ?? 3,
    rnd = random(opts.seed ?? 1);
  const template = Float32Array.from({ length: V * 3 }, () => 0.1 * rnd());
  const triangles = new Uint32Array((V - 2) * 3);
  for (let f = 0; f < V - 2; f++) triangles.set(f % 2 === 0 ? [f, f + 1, f + 2] : [f + 1, f, f + 2], f * 3);
  const model: HeadModel = {
    name: 'synthetic',
    vertexCount: V,
    triangleCount: V - 2,
    triangles,
    template,
    identityCount: I,
    identityNames: Array.from({ length: I }, (_, i) => `id${i}`),
    identityBasis: Float32Array.from({ length: V * 3 * I }, () => 0.01 * rnd()),
    expressionCount: E,
    expressionNames: Array.from({ length: E }, (_, i) => `ex${i}`),
    expressionBasis: Float32Array.from({ length: V * 3 * E }, () => 0.01 * rnd()),
    expressionRange: 'free',
    landmarks: {
      scheme: 'test',
      count: 2,
      triangles: new Uint32Array([0, 3]),
      barycentrics: new Float32Array([0.2, 0.3, 0.5, 1, 0, 0]),
    },
  };
  if (!opts.skinned) return model;
  const J = 5;
  const parents = new Int32Array([-1, 0, 1, 1, 1]);
  // Each vertex hangs on one or two joints; joint regressor averages a handful of vertices.
  const weights = new Float32Array(V * J);
  for (let v = 0; v < V; v++) {
    const j1 = v % J,
      j2 = (v * 7 + 3) % J,
      w = 0.5 + 0.5 * Math.abs(rnd());
    weights[v * J + j1] = w;
    weights[v * J + j2] = weights[v * J + j2]! + (1 - w);
  }
  const jointRegressor = new Float32Array(J * V);
  for (let j = 0; j < J; j++)
    for (let k = 0; k < 4; k++) jointRegressor[j * V + ((j * 5 + k * 3) % V)] = 0.25;
  const P = 9 * (J - 1);
  const poseBasis = new Float32Array(V * 3 * P);
  for (let v = 0; v < V; v++) {
    for (let j = 1; j < J; j++) {
      if (weights[v * J + j] === 0) continue;
      for (let a = 0; a < 3; a++)
        for (let k = 0; k < 9; k++) poseBasis[(v * 3 + a) * P + (j - 1) * 9 + k] = 0.01 * rnd();
    }
  }
  return {
    ...model,
    skinning: {
      jointCount: J,
      jointNames: ['global', 'neck', 'jaw', 'eye_left', 'eye_right'],
      parents,
      jointRegressor,
      weights,
      poseBasis,
    },
  };
}
