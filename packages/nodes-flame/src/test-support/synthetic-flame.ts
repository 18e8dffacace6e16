import { writeNpz, type NdArray } from '@ffavatar/core/io';
import { random } from './random.js';

/** A tiny model in FLAME's own array layout (what the npz holds), never a real FLAME. */
export interface RawFlame {
  V: number;
  F: number;
  J: number;
  S: number;
  X: number;
  v_template: Float64Array; // [V, 3]
  shapedirs: Float64Array; // [V, 3, S + X]
  posedirs: Float64Array; // [V, 3, 9 (J - 1)]
  J_regressor: Float64Array; // [J, V]
  weights: Float64Array; // [V, J]
  parents: number[]; // [J], -1 root
  f: Uint32Array; // [F, 3]
}

/**
 * Vertices on a small sphere; each vertex weighted to one or two joints of FLAME's tree (global,
 * neck, jaw, eyes); pose correctives only on vertices the joint weights, as in FLAME where they
 * are local, so a joint moves nothing it does not weight.
 */
export function syntheticFlame(seed = 7, V = 60): RawFlame {
  const rnd = random(seed);
  const J = 5,
    S = 4,
    X = 3,
    K = S + X,
    P = 9 * (J - 1);
  const parents = [-1, 0, 1, 1, 1];
  const v_template = new Float64Array(V * 3);
  for (let v = 0; v < V; v++) {
    const th = Math.acos(1 - (2 * (v + 0.5)) / V),
      ph = v * 2.399963;
    v_template.set(
      [0.1 * Math.sin(th) * Math.cos(ph), 0.1 * Math.cos(th), 0.1 * Math.sin(th) * Math.sin(ph)],
      v * 3,
    );
  }
  const F = V - 2;
  const f = new Uint32Array(F * 3);
  for (let t = 0; t < F; t++) f.set([t, t + 1, t + 2], t * 3);
  const shapedirs = Float64Array.from({ length: V * 3 * K }, () => 0.01 * rnd());
  const weights = new Float64Array(V * J);
  for (let v = 0; v < V; v++) {
    // Vertices 0..9 hang on the root only, so every joint below it leaves them alone.
    const j1 = v < 10 ? 0 : 1 + (v % (J - 1));
    const j2 = v < 10 ? 0 : v % 3 === 0 ? 1 : j1;
    const w = 0.6 + 0.3 * Math.abs(rnd());
    weights[v * J + j1] = weights[v * J + j1]! + w;
    weights[v * J + j2] = weights[v * J + j2]! + (1 - w);
  }
  const J_regressor = new Float64Array(J * V);
  for (let j = 0; j < J; j++)
    for (let k = 0; k < 5; k++) {
      const i = j * V + 10 + ((j * 9 + k * 4) % (V - 10));
      J_regressor[i] = J_regressor[i]! + 0.2;
    }
  const posedirs = new Float64Array(V * 3 * P);
  for (let v = 0; v < V; v++) {
    for (let j = 1; j < J; j++) {
      if (weights[v * J + j] === 0) continue;
      for (let a = 0; a < 3; a++)
        for (let k = 0; k < 9; k++) posedirs[(v * 3 + a) * P + (j - 1) * 9 + k] = 0.005 * rnd();
    }
  }
  return { V, F, J, S, X, v_template, shapedirs, posedirs, J_regressor, weights, parents, f };
}

/** The npz a FLAME user would have: FLAME's keys and dtypes (uint32 faces, kintree root 2^32 - 1). */
export function flameNpz(
  raw: RawFlame,
  extra: Record<string, NdArray> = {},
  drop: string[] = [],
): Uint8Array {
  const K = raw.S + raw.X;
  const arrays: Record<string, NdArray> = {
    v_template: { dtype: 'f64', shape: [raw.V, 3], data: raw.v_template },
    shapedirs: { dtype: 'f64', shape: [raw.V, 3, K], data: raw.shapedirs },
    posedirs: { dtype: 'f64', shape: [raw.V, 3, 9 * (raw.J - 1)], data: raw.posedirs },
    J_regressor: { dtype: 'f64', shape: [raw.J, raw.V], data: raw.J_regressor },
    weights: { dtype: 'f64', shape: [raw.V, raw.J], data: raw.weights },
    kintree_table: {
      dtype: 'i64',
      shape: [2, raw.J],
      data: BigInt64Array.from([
        ...raw.parents.map((p) => (p < 0 ? 4294967295n : BigInt(p))),
        ...raw.parents.map((_, j) => BigInt(j)),
      ]),
    },
    f: { dtype: 'u32', shape: [raw.F, 3], data: raw.f },
    ...extra,
  };
  for (const k of drop) delete arrays[k];
  return writeNpz(arrays);
}

type M = number[][];
const mul = (A: M, B: M): M => A.map((r) => B[0]!.map((_, c) => r.reduce((s, a, k) => s + a * B[k]![c]!, 0)));
const I4 = (): M => [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
  [0, 0, 0, 1],
];

/** Rotation by the textbook formula, unit axis and angle (no shared code with core's Rodrigues). */
function rotation(x: number, y: number, z: number): M {
  const t = Math.hypot(x, y, z);
  if (t === 0)
    return [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
  const k = [x / t, y / t, z / t],
    c = Math.cos(t),
    s = Math.sin(t);
  const K: M = [
    [0, -k[2]!, k[1]!],
    [k[2]!, 0, -k[0]!],
    [-k[1]!, k[0]!, 0],
  ];
  const K2 = mul(K, K);
  return [0, 1, 2].map((r) =>
    [0, 1, 2].map((cc) => (r === cc ? 1 : 0) + s * K[r]![cc]! + (1 - c) * K2[r]![cc]!),
  );
}

/**
 * FLAME's forward pass written out per vertex, straight from the file's arrays (smplx `lbs`):
 * betas = [shape, expression] on shapedirs, joints regressed from the shaped mesh, pose features
 * (R_j - I) for j >= 1 on posedirs, 4x4 transforms down the tree, LBS; then R_g x + t.
 */
export function directFlame(
  raw: RawFlame,
  betas: number[],
  pose: number[],
  rot: number[],
  trans: number[],
): Float64Array {
  const { V, J } = raw,
    K = raw.S + raw.X,
    P = 9 * (J - 1);
  const shaped = Array.from({ length: V }, (_, v) =>
    [0, 1, 2].map(
      (a) =>
        raw.v_template[v * 3 + a]! +
        betas.reduce((s, b, k) => s + b * raw.shapedirs[(v * 3 + a) * K + k]!, 0),
    ),
  );
  const joints = Array.from({ length: J }, (_, j) =>
    [0, 1, 2].map((a) => shaped.reduce((s, q, v) => s + raw.J_regressor[j * V + v]! * q[a]!, 0)),
  );
  const Rs = Array.from({ length: J }, (_, j) => rotation(pose[j * 3]!, pose[j * 3 + 1]!, pose[j * 3 + 2]!));
  const feat = Rs.slice(1).flatMap((R) => R.flat().map((x, k) => x - (k % 4 === 0 ? 1 : 0)));
  const G: M[] = [];
  for (let j = 0; j < J; j++) {
    const p = raw.parents[j]!;
    const t = joints[j]!.map((x, a) => x - (p < 0 ? 0 : joints[p]![a]!));
    const local = [...Rs[j]!.map((r, i) => [...r, t[i]!]), [0, 0, 0, 1]];
    G.push(p < 0 ? local : mul(G[p]!, local));
  }
  const A = G.map((g, j) => {
    const back = I4();
    for (let a = 0; a < 3; a++) back[a]![3] = -joints[j]![a]!;
    return mul(g, back);
  });
  const Rg = rotation(rot[0]!, rot[1]!, rot[2]!);
  const out = new Float64Array(V * 3);
  for (let v = 0; v < V; v++) {
    const q = [0, 1, 2].map(
      (a) => shaped[v]![a]! + feat.reduce((s, fv, k) => s + fv * raw.posedirs[(v * 3 + a) * P + k]!, 0),
    );
    const T = [0, 1, 2].map((r) =>
      [0, 1, 2, 3].map((c) => A.reduce((s, Aj, j) => s + raw.weights[v * J + j]! * Aj[r]![c]!, 0)),
    );
    const x = T.map((r) => r[0]! * q[0]! + r[1]! * q[1]! + r[2]! * q[2]! + r[3]!);
    out.set(
      Rg.map((r, a) => r[0]! * x[0]! + r[1]! * x[1]! + r[2]! * x[2]! + trans[a]!),
      v * 3,
    );
  }
  return out;
}
