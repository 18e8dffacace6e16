import { LAYER_NORM_EPS, type Ops, type WeightInit } from './ops.js';
import type { WeightSource } from './weights.js';

/** A row-major f32 array: the reference's value type. */
export interface Arr {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** The TypeScript reference: the same architecture computed directly, in f64 accumulators. */
export class EagerOps implements Ops<Arr> {
  constructor(private readonly weights: WeightSource) {}

  weight(name: string, shape: readonly number[], init: WeightInit): Arr {
    return { shape, data: this.weights.get(name, shape, init) };
  }

  matmul(a: Arr, b: Arr): Arr {
    const ra = a.shape.length,
      rb = b.shape.length;
    const M = a.shape[ra - 2]!,
      K = a.shape[ra - 1]!,
      N = b.shape[rb - 1]!;
    if (b.shape[rb - 2] !== K) throw new Error(`matmul: [${a.shape}] x [${b.shape}]`);
    const batchA = a.shape.slice(0, -2);
    const batch = size(batchA);
    // A rank-2 right side is shared by every batch; otherwise batch dims must match (all we use).
    if (rb > 2 && b.shape.slice(0, -2).join() !== batchA.join())
      throw new Error(`matmul batch: [${a.shape}] x [${b.shape}]`);
    const out = new Float32Array(batch * M * N);
    for (let t = 0; t < batch; t++) {
      const ao = t * M * K,
        bo = rb > 2 ? t * K * N : 0,
        oo = t * M * N;
      for (let i = 0; i < M; i++) {
        for (let j = 0; j < N; j++) {
          let s = 0;
          for (let k = 0; k < K; k++) s += a.data[ao + i * K + k]! * b.data[bo + k * N + j]!;
          out[oo + i * N + j] = s;
        }
      }
    }
    return { shape: [...batchA, M, N], data: out };
  }

  add(a: Arr, b: Arr): Arr {
    return broadcast(a, b, (x, y) => x + y);
  }
  mul(a: Arr, b: Arr): Arr {
    return broadcast(a, b, (x, y) => x * y);
  }
  scale(a: Arr, s: number): Arr {
    return map(a, (x) => x * s);
  }

  layerNorm(x: Arr, gamma: Arr, beta: Arr): Arr {
    const D = x.shape[x.shape.length - 1]!;
    const out = new Float32Array(x.data.length);
    for (let r = 0; r < x.data.length; r += D) {
      let mean = 0;
      for (let i = 0; i < D; i++) mean += x.data[r + i]!;
      mean /= D;
      let v = 0;
      for (let i = 0; i < D; i++) v += (x.data[r + i]! - mean) ** 2;
      const inv = 1 / Math.sqrt(v / D + LAYER_NORM_EPS);
      for (let i = 0; i < D; i++) out[r + i] = (x.data[r + i]! - mean) * inv * gamma.data[i]! + beta.data[i]!;
    }
    return { shape: x.shape, data: out };
  }

  softmax(x: Arr): Arr {
    const D = x.shape[x.shape.length - 1]!;
    const out = new Float32Array(x.data.length);
    for (let r = 0; r < x.data.length; r += D) {
      let m = -Infinity;
      for (let i = 0; i < D; i++) m = Math.max(m, x.data[r + i]!);
      let s = 0;
      for (let i = 0; i < D; i++) s += Math.exp(x.data[r + i]! - m);
      for (let i = 0; i < D; i++) out[r + i] = Math.exp(x.data[r + i]! - m) / s;
    }
    return { shape: x.shape, data: out };
  }

  gelu(x: Arr): Arr {
    return map(x, (v) => 0.5 * v * (1 + erf(v * Math.SQRT1_2)));
  }
  relu(x: Arr): Arr {
    return map(x, (v) => Math.max(0, v));
  }
  sigmoid(x: Arr): Arr {
    return map(x, (v) => 1 / (1 + Math.exp(-v)));
  }

  transpose(x: Arr, perm: readonly number[]): Arr {
    const shape = perm.map((p) => x.shape[p]!);
    const inStrides = strides(x.shape);
    const out = new Float32Array(x.data.length);
    const idx = new Array<number>(shape.length).fill(0);
    for (let o = 0; o < out.length; o++) {
      let src = 0;
      for (let d = 0; d < shape.length; d++) src += idx[d]! * inStrides[perm[d]!]!;
      out[o] = x.data[src]!;
      for (let d = shape.length - 1; d >= 0; d--) {
        if (++idx[d]! < shape[d]!) break;
        idx[d] = 0;
      }
    }
    return { shape, data: out };
  }

  reshape(x: Arr, shape: readonly number[]): Arr {
    const resolved = shape.map((s, i) => (s === 0 ? x.shape[i]! : s));
    const known = resolved.filter((s) => s !== -1).reduce((a, b) => a * b, 1);
    const final = resolved.map((s) => (s === -1 ? x.data.length / known : s));
    if (size(final) !== x.data.length) throw new Error(`reshape [${x.shape}] to [${shape}]`);
    return { shape: final, data: x.data };
  }

  meanAxis0(x: Arr): Arr {
    const n = x.shape[0]!,
      rest = x.data.length / n;
    const out = new Float32Array(rest);
    for (let i = 0; i < n; i++) for (let j = 0; j < rest; j++) out[j]! += x.data[i * rest + j]!;
    for (let j = 0; j < rest; j++) out[j]! /= n;
    return { shape: [1, ...x.shape.slice(1)], data: out };
  }
}

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) s[d] = s[d + 1]! * shape[d + 1]!;
  return s;
}

function map(a: Arr, f: (x: number) => number): Arr {
  return { shape: a.shape, data: a.data.map(f) };
}

/** Numpy broadcasting, right-aligned. */
function broadcast(a: Arr, b: Arr, f: (x: number, y: number) => number): Arr {
  const rank = Math.max(a.shape.length, b.shape.length);
  const pad = (s: readonly number[]) => [...new Array<number>(rank - s.length).fill(1), ...s];
  const sa = pad(a.shape),
    sb = pad(b.shape);
  const shape = sa.map((d, i) => {
    const e = sb[i]!;
    if (d !== e && d !== 1 && e !== 1) throw new Error(`broadcast [${a.shape}] with [${b.shape}]`);
    return Math.max(d, e);
  });
  const ta = strides(sa).map((s, i) => (sa[i] === 1 ? 0 : s));
  const tb = strides(sb).map((s, i) => (sb[i] === 1 ? 0 : s));
  const out = new Float32Array(size(shape));
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o++) {
    let ia = 0,
      ib = 0;
    for (let d = 0; d < rank; d++) {
      ia += idx[d]! * ta[d]!;
      ib += idx[d]! * tb[d]!;
    }
    out[o] = f(a.data[ia]!, b.data[ib]!);
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return { shape, data: out };
}

/** erf to about 1e-7 absolute (Numerical Recipes' erfc Chebyshev fit); JS has no Math.erf. */
function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - r : r - 1;
}
