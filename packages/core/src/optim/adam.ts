import type { Schedule } from './schedule.js';

/** The arrays the optimiser updates in place: f32 for Gaussians and weights, f64 for cameras. */
export type FloatArray = Float32Array | Float64Array;

export interface AdamGroup {
  /** Key of the group's gradient in `step()`, e.g. `means`, `sh`, `camera`. */
  name: string;
  /** Updated in place. */
  params: FloatArray;
  /** A fixed rate or a schedule of the group's own step count. */
  lr: number | Schedule;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

interface GroupState {
  name: string;
  params: FloatArray;
  lr: number | Schedule;
  beta1: number;
  beta2: number;
  eps: number;
  /** First and second moments, stored in the params' precision (as PyTorch keeps them); each update computes in f64. */
  m: FloatArray;
  v: FloatArray;
  steps: number;
}

const like = (a: FloatArray, n: number): FloatArray =>
  a instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);

/**
 * Adam (Kingma and Ba), with PyTorch's arithmetic so runs can be compared with 3DGS's:
 *   m = b1 m + (1 - b1) g,  v = b2 v + (1 - b2) g^2,
 *   p -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps),
 * with t the group's own step count (a group without a gradient in a step keeps its moments and
 * count, like a PyTorch parameter whose grad is None). Learning rates are per group, fixed or
 * scheduled (schedule.ts). Plain loops in a fixed order over typed arrays: the same gradients give
 * the same parameters, bit for bit, on every run.
 */
export class Adam {
  private readonly groups = new Map<string, GroupState>();

  constructor(groups: readonly AdamGroup[], defaults: { beta1?: number; beta2?: number; eps?: number } = {}) {
    for (const g of groups) {
      if (this.groups.has(g.name)) throw new Error(`Adam: two groups are named '${g.name}'`);
      this.groups.set(g.name, {
        name: g.name,
        params: g.params,
        lr: g.lr,
        beta1: g.beta1 ?? defaults.beta1 ?? 0.9,
        beta2: g.beta2 ?? defaults.beta2 ?? 0.999,
        eps: g.eps ?? defaults.eps ?? 1e-8,
        m: like(g.params, g.params.length),
        v: like(g.params, g.params.length),
        steps: 0,
      });
    }
  }

  /** The learning rate the group's next step will use. */
  learningRate(name: string): number {
    const g = this.group(name);
    return typeof g.lr === 'number' ? g.lr : g.lr(g.steps);
  }

  /** Steps the group has taken. */
  steps(name: string): number {
    return this.group(name).steps;
  }

  /** One update of every group that has an entry in `grads` (same length as its params). */
  step(grads: Readonly<Record<string, FloatArray | undefined>>): void {
    for (const name of Object.keys(grads))
      if (!this.groups.has(name)) throw new Error(`Adam: no group named '${name}'`);
    for (const g of this.groups.values()) {
      const grad = grads[g.name];
      if (!grad) continue;
      if (grad.length !== g.params.length)
        throw new Error(
          `Adam: gradient of '${g.name}' has ${grad.length} values, the group ${g.params.length}`,
        );
      const lr = this.learningRate(g.name);
      g.steps++;
      const { beta1, beta2, eps, params, m, v } = g;
      const stepSize = lr / (1 - beta1 ** g.steps);
      const invSqrtBc2 = 1 / Math.sqrt(1 - beta2 ** g.steps);
      const c1 = 1 - beta1,
        c2 = 1 - beta2;
      for (let i = 0; i < params.length; i++) {
        const gi = grad[i]!;
        const mi = beta1 * m[i]! + c1 * gi;
        const vi = beta2 * v[i]! + c2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        params[i] = params[i]! - (stepSize * mi) / (Math.sqrt(vi) * invSqrtBc2 + eps);
      }
    }
  }

  /**
   * Swaps a group's parameter array for a new one of `items` items of `width` values each (the
   * Gaussian count changes when densification splits, clones or prunes): item `j` of the new
   * array takes the moments of old item `source[j]`, or zero moments where `source[j]` is -1 (a
   * newborn item). The step count is kept, as 3DGS keeps it when it rebuilds its optimiser state.
   */
  remapGroup(name: string, params: FloatArray, source: Int32Array, width: number): void {
    const g = this.group(name);
    if (params.length !== source.length * width)
      throw new Error(
        `Adam.remapGroup: '${name}' has ${params.length} values, ${source.length} items of ${width} need ${source.length * width}`,
      );
    const oldItems = g.params.length / width;
    const m = like(params, params.length),
      v = like(params, params.length);
    for (let j = 0; j < source.length; j++) {
      const s = source[j]!;
      if (s < 0) continue;
      if (s >= oldItems)
        throw new Error(`Adam.remapGroup: source item ${s} is out of range (the group had ${oldItems})`);
      for (let c = 0; c < width; c++) {
        m[j * width + c] = g.m[s * width + c]!;
        v[j * width + c] = g.v[s * width + c]!;
      }
    }
    g.params = params;
    g.m = m;
    g.v = v;
  }

  private group(name: string): GroupState {
    const g = this.groups.get(name);
    if (!g) throw new Error(`Adam: no group named '${name}'`);
    return g;
  }
}
