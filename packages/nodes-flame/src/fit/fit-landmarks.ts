import { rodrigues } from '@ffavatar/core/geometry';
import { type Camera, type HeadModel } from '@ffavatar/core';
import { cholesky, choleskySolve, symmetrize } from './dense.js';
import { landmarkBasis, type LandmarkBasis } from './landmark-basis.js';

/** One image's observation: 2D landmarks in pixels (iBUG-68 order) and the image size. */
export interface LandmarkObservation {
  width: number;
  height: number;
  /** [L, 2] pixels. */
  points: Float32Array;
  /** [L] in [0, 1]; absent = all 1. */
  confidence?: Float32Array;
}

export interface FitOptions {
  /** Identity modes fitted (the first ones); landmarks cannot resolve more than a few dozen. */
  identityModes?: number;
  /** Levenberg-Marquardt iterations of the full stage. */
  iterations?: number;
  /**
   * Prior weights (px^2 per unit^2 of coefficient): larger keeps coefficients near 0. The defaults
   * suit detected landmarks, whose systematic offsets from the model's landmark vertices weaker
   * priors would turn into spurious expressions; exact synthetic landmarks fit best with ~1 and ~0.1.
   */
  identityPrior?: number;
  expressionPrior?: number;
  /** Prior on log focal length around `focalGuess` (px^2 per unit^2 of log f). */
  focalPrior?: number;
  /** Initial and prior focal length in pixels; default 1.2 x the larger image side. */
  focalGuess?: number;
  fitFocal?: boolean;
  /** Cauchy scale in pixels: residuals much larger than this count as outliers. */
  robustScale?: number;
  /** Weight of the 17 jaw-contour points, whose surface correspondence slides with pose. */
  contourWeight?: number;
  /** A known identity [I] (e.g. from earlier photos of the subject): held fixed, not fitted. */
  identity?: Float32Array;
}

export interface FitResult {
  cameras: Camera[];
  /** [I] over the model's full identity dimension (modes past `identityModes` are 0). */
  identity: Float32Array;
  expressions: Float32Array[];
  /** Mean reprojection error per image, pixels (all landmarks, unweighted). */
  errors: number[];
  iterations: number;
}

interface ImageState {
  obs: LandmarkObservation;
  R: Float64Array;
  t: Float64Array;
  logf: number;
  psi: Float64Array;
}

const DEFAULTS: Required<Omit<FitOptions, 'focalGuess' | 'identity'>> = {
  identityModes: 24, iterations: 60, identityPrior: 10, expressionPrior: 2, focalPrior: 20,
  fitFocal: true, robustScale: 4, contourWeight: 0.5,
};

/**
 * Fits per-image cameras (rotation, translation, focal) and expressions, and one shared identity,
 * to 2D landmarks by Levenberg-Marquardt: residuals in pixels with Cauchy weights (a few bad
 * landmarks do not drag the fit), Gaussian priors on identity, expression and focal length, ICT
 * expression weights projected onto [0, 1]. The normal equations are solved by eliminating each
 * image's block first (Schur complement), so cost grows linearly with the number of images.
 * The head stays at the model origin; the camera carries the pose (OpenCV, world-to-camera).
 */
export function fitLandmarks(model: HeadModel, observations: readonly LandmarkObservation[], options: FitOptions = {}): FitResult {
  const opts = { ...DEFAULTS, ...options };
  if (observations.length === 0) throw new Error('fitLandmarks: no images');
  const basis = landmarkBasis(model, opts.identityModes);
  observations.forEach((o, i) => {
    if (o.points.length !== basis.count * 2) throw new Error(`image ${i}: ${o.points.length / 2} landmarks, the model embeds ${basis.count}`);
  });
  const unit = model.expressionRange === 'unit';
  const states = observations.map((obs) => initialState(basis, obs, opts.focalGuess ?? 1.2 * Math.max(obs.width, obs.height)));
  const beta = new Float64Array(basis.identityModes);
  if (options.identity) beta.set(options.identity.subarray(0, basis.identityModes));
  const ctx = { basis, opts, unit, focal0: observations.map((o) => Math.log(opts.focalGuess ?? 1.2 * Math.max(o.width, o.height))) };

  // Pose first (rigid), then everything: a bad start would let expression absorb pose.
  let iterations = levenbergMarquardt(ctx, states, beta, { expression: false, identity: false, focal: false }, 15);
  iterations += levenbergMarquardt(ctx, states, beta, { expression: true, identity: !options.identity, focal: opts.fitFocal }, opts.iterations);

  const identity = new Float32Array(model.identityCount);
  if (options.identity) identity.set(options.identity.subarray(0, model.identityCount)); else identity.set(beta);
  return {
    cameras: states.map((s) => toCamera(s)),
    identity,
    expressions: states.map((s) => Float32Array.from(s.psi)),
    errors: states.map((s) => meanError(basis, s, beta)),
    iterations,
  };
}

interface Ctx {
  basis: LandmarkBasis;
  opts: typeof DEFAULTS & FitOptions;
  unit: boolean;
  focal0: number[];
}

interface Free { expression: boolean; identity: boolean; focal: boolean }

function initialState(basis: LandmarkBasis, obs: LandmarkObservation, focal: number): ImageState {
  // Facing the camera: model +z (the face) towards the camera, model +y up = image -y.
  const R = new Float64Array([1, 0, 0, 0, -1, 0, 0, 0, -1]);
  const cx = obs.width / 2, cy = obs.height / 2;
  // Translation by linear least squares: (u - cx)(z + tz) = f (x + tx), same for v.
  const A = new Float64Array(9), b = new Float64Array(3);
  for (let l = 0; l < basis.count; l++) {
    const x = basis.mean[l * 3]!, y = -basis.mean[l * 3 + 1]!, z = -basis.mean[l * 3 + 2]!;
    const du = obs.points[l * 2]! - cx, dv = obs.points[l * 2 + 1]! - cy;
    for (const [row, rhs] of [[[focal, 0, -du], du * z - focal * x], [[0, focal, -dv], dv * z - focal * y]] as const) {
      for (let i = 0; i < 3; i++) { b[i] = b[i]! + row[i]! * rhs; for (let j = 0; j < 3; j++) A[i * 3 + j] = A[i * 3 + j]! + row[i]! * row[j]!; }
    }
  }
  if (!cholesky(A, 3)) throw new Error('fitLandmarks: degenerate landmarks (all in one point?)');
  choleskySolve(A, 3, b);
  if (!(b[2]! > 0)) b[2] = focal * 0.2 / Math.max(obs.width, obs.height) + 0.5;
  return { obs, R, t: b, logf: Math.log(focal), psi: new Float64Array(basis.expressionModes) };
}

/** Robust cost of the current state (what LM steps must decrease). */
function totalCost(ctx: Ctx, states: ImageState[], beta: Float64Array, free: Free): number {
  const { basis, opts } = ctx;
  const s2 = opts.robustScale ** 2;
  let cost = 0;
  states.forEach((s, i) => {
    forEachResidual(basis, s, beta, (l, ru, rv) => {
      cost += landmarkWeight(ctx, s.obs, l) * 0.5 * s2 * Math.log1p((ru * ru + rv * rv) / s2);
    });
    if (free.expression) for (const p of s.psi) cost += 0.5 * opts.expressionPrior * p * p;
    if (free.focal) cost += 0.5 * opts.focalPrior * (s.logf - ctx.focal0[i]!) ** 2;
  });
  if (free.identity) for (const v of beta) cost += 0.5 * opts.identityPrior * v * v;
  return cost;
}

function landmarkWeight(ctx: Ctx, obs: LandmarkObservation, l: number): number {
  const conf = obs.confidence ? obs.confidence[l]! : 1;
  return conf * (ctx.basis.count === 68 && l < 17 ? ctx.opts.contourWeight : 1);
}

/** Calls back with each landmark's residual (projected - observed), pixels. */
function forEachResidual(basis: LandmarkBasis, s: ImageState, beta: Float64Array, visit: (l: number, ru: number, rv: number, P: Float64Array, a: Float64Array) => void): void {
  const X = new Float64Array(3), a = new Float64Array(3), P = new Float64Array(3);
  const f = Math.exp(s.logf), cx = s.obs.width / 2, cy = s.obs.height / 2;
  for (let l = 0; l < basis.count; l++) {
    landmark3d(basis, l, beta, s.psi, X);
    for (let r = 0; r < 3; r++) a[r] = s.R[r * 3]! * X[0]! + s.R[r * 3 + 1]! * X[1]! + s.R[r * 3 + 2]! * X[2]!;
    for (let r = 0; r < 3; r++) P[r] = a[r]! + s.t[r]!;
    const z = Math.max(P[2]!, 1e-6);
    visit(l, f * P[0]! / z + cx - s.obs.points[l * 2]!, f * P[1]! / z + cy - s.obs.points[l * 2 + 1]!, P, a);
  }
}

function landmark3d(basis: LandmarkBasis, l: number, beta: Float64Array, psi: Float64Array, out: Float64Array): void {
  const I = basis.identityModes, E = basis.expressionModes;
  for (let a = 0; a < 3; a++) {
    const row = l * 3 + a;
    let v = basis.mean[row]!;
    for (let k = 0; k < I; k++) v += basis.identity[row * I + k]! * beta[k]!;
    for (let k = 0; k < E; k++) v += basis.expression[row * E + k]! * psi[k]!;
    out[a] = v;
  }
}

function meanError(basis: LandmarkBasis, s: ImageState, beta: Float64Array): number {
  let sum = 0;
  forEachResidual(basis, s, beta, (_l, ru, rv) => { sum += Math.hypot(ru, rv); });
  return sum / basis.count;
}

/** Runs LM on the chosen unknowns; returns the iterations taken. */
function levenbergMarquardt(ctx: Ctx, states: ImageState[], beta: Float64Array, free: Free, maxIterations: number): number {
  let mu = 1e-3;
  let cost = totalCost(ctx, states, beta, free);
  let it = 0;
  for (; it < maxIterations; it++) {
    const system = buildSystem(ctx, states, beta, free);
    let accepted = false;
    for (let attempt = 0; attempt < 8 && !accepted; attempt++) {
      const step = solveSchur(system, mu);
      if (!step) { mu *= 10; continue; }
      const saved = states.map((s) => ({ R: s.R.slice(), t: s.t.slice(), logf: s.logf, psi: s.psi.slice() }));
      const savedBeta = beta.slice();
      applyStep(ctx, states, beta, free, step, system);
      const next = totalCost(ctx, states, beta, free);
      if (next < cost) {
        const gain = cost - next;
        cost = next;
        mu = Math.max(mu / 3, 1e-9);
        accepted = true;
        if (gain < 1e-4 * cost) return it + 1;
      } else {
        states.forEach((s, i) => { s.R = saved[i]!.R; s.t = saved[i]!.t; s.logf = saved[i]!.logf; s.psi = saved[i]!.psi; });
        beta.set(savedBeta);
        mu *= 4;
      }
    }
    if (!accepted) break;
  }
  return it;
}

interface ImageBlock { n: number; H: Float64Array; B: Float64Array; g: Float64Array }
interface System { blocks: ImageBlock[]; I: number; C: Float64Array; gBeta: Float64Array }

function blockSize(ctx: Ctx, free: Free): number {
  return 6 + (free.focal ? 1 : 0) + (free.expression ? ctx.basis.expressionModes : 0);
}

/** Gauss-Newton normal equations with IRLS (Cauchy) weights: per-image blocks, coupling, identity. */
function buildSystem(ctx: Ctx, states: ImageState[], beta: Float64Array, free: Free): System {
  const { basis, opts } = ctx;
  const E = basis.expressionModes;
  const I = free.identity ? basis.identityModes : 0;
  const n = blockSize(ctx, free);
  const C = new Float64Array(I * I), gBeta = new Float64Array(I);
  const s2 = opts.robustScale ** 2;
  const jc = new Float64Array(n), jb = new Float64Array(I);
  const blocks = states.map((s, i) => {
    const H = new Float64Array(n * n), B = new Float64Array(n * I), g = new Float64Array(n);
    const f = Math.exp(s.logf);
    forEachResidual(basis, s, beta, (l, ru, rv, P, a) => {
      const w = landmarkWeight(ctx, s.obs, l) / (1 + (ru * ru + rv * rv) / s2);
      const z = Math.max(P[2]!, 1e-6), iz = 1 / z;
      for (const axis of [0, 1] as const) {
        const r = axis === 0 ? ru : rv;
        // d(u or v)/dP
        const d0 = axis === 0 ? f * iz : 0, d1 = axis === 0 ? 0 : f * iz, d2 = -f * P[axis]! * iz * iz;
        // rotation (left perturbation): dP/dw = -[a]x
        jc[0] = d2 * a[1]! - d1 * a[2]!;
        jc[1] = d0 * a[2]! - d2 * a[0]!;
        jc[2] = d1 * a[0]! - d0 * a[1]!;
        jc[3] = d0; jc[4] = d1; jc[5] = d2;
        let k = 6;
        if (free.focal) jc[k++] = f * P[axis]! * iz;
        // Model-space gradient: (d/dP) R, then dot with basis columns.
        const gx = d0 * s.R[0]! + d1 * s.R[3]! + d2 * s.R[6]!;
        const gy = d0 * s.R[1]! + d1 * s.R[4]! + d2 * s.R[7]!;
        const gz = d0 * s.R[2]! + d1 * s.R[5]! + d2 * s.R[8]!;
        const row = l * 3;
        if (free.expression) {
          for (let e = 0; e < E; e++) {
            jc[k++] = gx * basis.expression[row * E + e]! + gy * basis.expression[(row + 1) * E + e]! + gz * basis.expression[(row + 2) * E + e]!;
          }
        }
        for (let q = 0; q < I; q++) {
          jb[q] = gx * basis.identity[row * basis.identityModes + q]! + gy * basis.identity[(row + 1) * basis.identityModes + q]! + gz * basis.identity[(row + 2) * basis.identityModes + q]!;
        }
        for (let p = 0; p < n; p++) {
          const wp = w * jc[p]!;
          if (wp === 0) continue;
          g[p] = g[p]! + wp * r;
          for (let q = p; q < n; q++) H[p * n + q] = H[p * n + q]! + wp * jc[q]!;
          for (let q = 0; q < I; q++) B[p * I + q] = B[p * I + q]! + wp * jb[q]!;
        }
        for (let p = 0; p < I; p++) {
          const wp = w * jb[p]!;
          gBeta[p] = gBeta[p]! + wp * r;
          for (let q = p; q < I; q++) C[p * I + q] = C[p * I + q]! + wp * jb[q]!;
        }
      }
    });
    symmetrize(H, n);
    // Priors: focal around the guess, expressions towards 0.
    let k = 6;
    if (free.focal) { H[k * n + k] = H[k * n + k]! + opts.focalPrior; g[k] = g[k]! + opts.focalPrior * (s.logf - ctx.focal0[i]!); k++; }
    if (free.expression) {
      for (let e = 0; e < E; e++, k++) {
        H[k * n + k] = H[k * n + k]! + opts.expressionPrior;
        g[k] = g[k]! + opts.expressionPrior * s.psi[e]!;
        // Active set: a weight held at a bound by its gradient stays out of this step. Clamping a
        // full Gauss-Newton step instead spoils it, and LM then crawls with heavy damping.
        const atBound = ctx.unit && ((s.psi[e]! <= 0 && g[k]! > 0) || (s.psi[e]! >= 1 && g[k]! < 0));
        if (atBound) freeze(H, B, g, n, I, k);
      }
    }
    return { n, H, B, g };
  });
  symmetrize(C, I);
  for (let q = 0; q < I; q++) { C[q * I + q] = C[q * I + q]! + opts.identityPrior; gBeta[q] = gBeta[q]! + opts.identityPrior * beta[q]!; }
  return { blocks, I, C, gBeta };
}

/** Removes unknown k from a block's system: zero row and column, unit diagonal, no gradient. */
function freeze(H: Float64Array, B: Float64Array, g: Float64Array, n: number, I: number, k: number): void {
  for (let j = 0; j < n; j++) { H[k * n + j] = 0; H[j * n + k] = 0; }
  H[k * n + k] = 1;
  for (let q = 0; q < I; q++) B[k * I + q] = 0;
  g[k] = 0;
}

interface Step { perImage: Float64Array[]; beta: Float64Array }

/** Damped solve: (H + mu diag(H)) d = -g, eliminating each image's block first. */
function solveSchur(system: System, mu: number): Step | null {
  const { I } = system;
  const S = system.C.slice();
  const rhs = Float64Array.from(system.gBeta, (v) => -v);
  for (let q = 0; q < I; q++) S[q * I + q] = S[q * I + q]! * (1 + mu) + 1e-12;
  const factors: { L: Float64Array; Y: Float64Array; y: Float64Array }[] = [];
  for (const b of system.blocks) {
    const n = b.n;
    const L = b.H.slice();
    for (let p = 0; p < n; p++) L[p * n + p] = L[p * n + p]! * (1 + mu) + 1e-12;
    if (!cholesky(L, n)) return null;
    const y = b.g.slice();
    choleskySolve(L, n, y);
    const Y = b.B.slice();
    for (let q = 0; q < I; q++) choleskySolve(L, n, Y, q, I);
    // S -= B^T Y ; rhs += B^T y
    for (let p = 0; p < I; p++) {
      let acc = 0;
      for (let k = 0; k < n; k++) acc += b.B[k * I + p]! * y[k]!;
      rhs[p] = rhs[p]! + acc;
      for (let q = 0; q < I; q++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += b.B[k * I + p]! * Y[k * I + q]!;
        S[p * I + q] = S[p * I + q]! - s;
      }
    }
    factors.push({ L, Y, y });
  }
  const dBeta = rhs;
  if (I > 0) {
    if (!cholesky(S, I)) return null;
    choleskySolve(S, I, dBeta);
  }
  const perImage = system.blocks.map((b, i) => {
    const { Y, y } = factors[i]!;
    const d = new Float64Array(b.n);
    for (let k = 0; k < b.n; k++) {
      let s = -y[k]!;
      for (let q = 0; q < I; q++) s -= Y[k * I + q]! * dBeta[q]!;
      d[k] = s;
    }
    return d;
  });
  return { perImage, beta: dBeta };
}

function applyStep(ctx: Ctx, states: ImageState[], beta: Float64Array, free: Free, step: Step, system: System): void {
  const rot = new Float64Array(9), next = new Float64Array(9);
  states.forEach((s, i) => {
    const d = step.perImage[i]!;
    rodrigues(d[0]!, d[1]!, d[2]!, rot);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) {
      next[r * 3 + c] = rot[r * 3]! * s.R[c]! + rot[r * 3 + 1]! * s.R[3 + c]! + rot[r * 3 + 2]! * s.R[6 + c]!;
    }
    s.R = next.slice();
    for (let a = 0; a < 3; a++) s.t[a] = s.t[a]! + d[3 + a]!;
    let k = 6;
    if (free.focal) s.logf += d[k++]!;
    if (free.expression) {
      // Unit-range weights: move each as far as the step says but stop at the bound (a projected
      // step); a weight that lands there joins the active set on the next iteration.
      for (let e = 0; e < s.psi.length; e++, k++) {
        const v = s.psi[e]! + d[k]!;
        s.psi[e] = ctx.unit ? Math.min(1, Math.max(0, v)) : v;
      }
    }
  });
  for (let q = 0; q < system.I; q++) beta[q] = beta[q]! + step.beta[q]!;
}

function toCamera(s: ImageState): Camera {
  const f = Math.exp(s.logf);
  return {
    width: s.obs.width, height: s.obs.height, fx: f, fy: f, cx: s.obs.width / 2, cy: s.obs.height / 2,
    rotation: Float64Array.from(s.R), translation: Float64Array.from(s.t),
  };
}
