import type { FloatArray } from './adam.js';

/**
 * Photometric losses of a rendered image against a target, with their gradients with respect to
 * the rendered image: L1, D-SSIM, and 3DGS's mix (1 - lambda) L1 + lambda D-SSIM, lambda 0.2.
 *
 * Images are interleaved, row-major, top row first (CONVENTIONS.md), `channels` values per pixel
 * (4 for the rasterizer's RGBA); a loss reads the first `use` of them (default: the first 3, the
 * colour). A `mask` [H, W] weights pixels (foreground, face): a missing mask means every pixel counts.
 * Gradients are *added* into `grad` (same layout as the rendered image), so several terms (and an
 * alpha term) can share one dL/dRGBA buffer; zero it before the first term of a step.
 */
export interface ImageBuffer {
  data: FloatArray;
  width: number;
  height: number;
  channels: number;
}

export interface LossOptions {
  /** How many leading channels of each pixel the loss reads (default min(3, channels)). */
  use?: number;
  /** Per-pixel weights [H, W], e.g. a foreground mask; the mean is over the weights. */
  mask?: FloatArray;
  /** Where dL/d(rendered) is added, scaled by `weight`; absent: value only. */
  grad?: FloatArray;
  /** Multiplies the value and the gradient (a term's weight in a sum). Default 1. */
  weight?: number;
}

/** Mean absolute difference over the used channels and the (weighted) pixels (times `weight`). */
export function l1Loss(pred: ImageBuffer, target: ImageBuffer, opts: LossOptions = {}): number {
  const weight = opts.weight ?? 1;
  return weight * l1Mean(pred, target, opts, weight);
}

/** The unweighted mean; the gradient, scaled by `gradScale`, goes into opts.grad. */
function l1Mean(pred: ImageBuffer, target: ImageBuffer, opts: LossOptions, gradScale: number): number {
  const { use, totalWeight } = prepare(pred, target, opts);
  const { mask, grad } = opts;
  const n = pred.width * pred.height,
    cp = pred.channels,
    ct = target.channels;
  const norm = 1 / (totalWeight * use),
    g = gradScale * norm;
  let sum = 0;
  for (let p = 0; p < n; p++) {
    const w = mask ? mask[p]! : 1;
    if (w === 0) continue;
    for (let c = 0; c < use; c++) {
      const d = pred.data[p * cp + c]! - target.data[p * ct + c]!;
      sum += w * Math.abs(d);
      // |d|' at 0 is taken as 0, as autograd does.
      if (grad && d !== 0) grad[p * cp + c] = grad[p * cp + c]! + (d > 0 ? w * g : -w * g);
    }
  }
  return sum * norm;
}

/** 3DGS's SSIM: an 11 x 11 Gaussian window (sigma 1.5), zero padding at the border, K1 0.01, K2 0.03. */
export const SSIM_WINDOW = 11;
export const SSIM_SIGMA = 1.5;
const C1 = 0.01 ** 2;
const C2 = 0.03 ** 2;

const KERNEL = (() => {
  const k = new Float64Array(SSIM_WINDOW);
  let sum = 0;
  for (let i = 0; i < SSIM_WINDOW; i++) {
    const x = i - (SSIM_WINDOW - 1) / 2;
    k[i] = Math.exp(-(x * x) / (2 * SSIM_SIGMA * SSIM_SIGMA));
    sum += k[i]!;
  }
  for (let i = 0; i < SSIM_WINDOW; i++) k[i]! /= sum;
  return k;
})();

/**
 * Mean SSIM over the used channels and the (weighted) pixels, as 3DGS trains with it: the
 * statistics are convolutions with zero padding (`F.conv2d(..., padding=5)`), so the window is
 * not renormalised at the border. That differs from the image metric (nodes-splat's `ssim`, which
 * renormalises): this one is the training term, matched to 3DGS so its loss weights carry over.
 * Returns weight * SSIM; with `grad`, adds weight * dSSIM/d(pred).
 */
export function ssimValue(pred: ImageBuffer, target: ImageBuffer, opts: LossOptions = {}): number {
  const weight = opts.weight ?? 1;
  return weight * ssimMean(pred, target, opts, weight);
}

function ssimMean(pred: ImageBuffer, target: ImageBuffer, opts: LossOptions, gradScale: number): number {
  const { use, totalWeight } = prepare(pred, target, opts);
  const { mask, grad } = opts;
  const { width: w, height: h } = pred;
  const n = w * h,
    cp = pred.channels,
    ct = target.channels;
  const [x, y, tmp, sq, mx, my, exx, eyy, exy, gmx, gexx, gexy] = scratchMaps(n);
  const dmx = grad ? gmx : undefined,
    dexx = grad ? gexx : undefined,
    dexy = grad ? gexy : undefined;
  // Each pixel's share of the mean: weight_p / (sum of weights x channels).
  const norm = 1 / (totalWeight * use);
  let total = 0;
  for (let c = 0; c < use; c++) {
    for (let p = 0; p < n; p++) {
      x[p] = pred.data[p * cp + c]!;
      y[p] = target.data[p * ct + c]!;
    }
    blur(x, w, h, tmp, mx);
    blur(y, w, h, tmp, my);
    for (let p = 0; p < n; p++) sq[p] = x[p]! * x[p]!;
    blur(sq, w, h, tmp, exx);
    for (let p = 0; p < n; p++) sq[p] = y[p]! * y[p]!;
    blur(sq, w, h, tmp, eyy);
    for (let p = 0; p < n; p++) sq[p] = x[p]! * y[p]!;
    blur(sq, w, h, tmp, exy);
    for (let p = 0; p < n; p++) {
      const wp = mask ? mask[p]! : 1;
      const ux = mx[p]!,
        uy = my[p]!;
      const a1 = 2 * ux * uy + C1,
        a2 = 2 * (exy[p]! - ux * uy) + C2;
      const b1 = ux * ux + uy * uy + C1,
        b2 = exx[p]! - ux * ux + eyy[p]! - uy * uy + C2;
      const inv = 1 / (b1 * b2);
      const s = a1 * a2 * inv;
      total += wp * s;
      if (dmx && dexx && dexy) {
        const k = wp * norm * gradScale;
        dmx[p] = k * ((2 * uy * a2 - 2 * uy * a1) * inv - s * ((2 * ux) / b1 - (2 * ux) / b2));
        dexx[p] = k * (-s / b2);
        dexy[p] = k * (2 * a1 * inv);
      }
    }
    if (grad && dmx && dexx && dexy) {
      // The adjoint of a zero-padded convolution with a symmetric kernel is the same convolution.
      blur(dmx, w, h, tmp, mx);
      blur(dexx, w, h, tmp, exx);
      blur(dexy, w, h, tmp, exy);
      for (let p = 0; p < n; p++) {
        grad[p * cp + c] = grad[p * cp + c]! + mx[p]! + 2 * x[p]! * exx[p]! + y[p]! * exy[p]!;
      }
    }
  }
  return total * norm;
}

/**
 * Scratch maps of one image size, kept between calls: a training loop calls the loss every step
 * at one size, and 12 fresh f64 maps per call at 512^2 are 25 MB of garbage. Every map is fully
 * written before it is read, so nothing carries over from one call to the next.
 */
type Maps12 = [
  Float64Array,
  Float64Array,
  Float64Array,
  Float64Array,
  Float64Array,
  Float64Array,
  Float64Array,
  Float64Array,
  Float64Array,
  Float64Array,
  Float64Array,
  Float64Array,
];
let scratch: Maps12 | undefined;
function scratchMaps(n: number): Maps12 {
  if (!scratch || scratch[0].length !== n) {
    const m = () => new Float64Array(n);
    scratch = [m(), m(), m(), m(), m(), m(), m(), m(), m(), m(), m(), m()];
  }
  return scratch;
}

/** D-SSIM = 1 - SSIM (times `weight`); with `grad`, adds its gradient. */
export function dssimLoss(pred: ImageBuffer, target: ImageBuffer, opts: LossOptions = {}): number {
  const weight = opts.weight ?? 1;
  return weight * (1 - ssimMean(pred, target, opts, -weight));
}

/**
 * 3DGS's photometric loss, (1 - lambda) L1 + lambda D-SSIM with lambda 0.2, and its gradient
 * (added into `grad`). Returns the total and its two terms (unweighted) for loss curves.
 */
export function photometricLoss(
  pred: ImageBuffer,
  target: ImageBuffer,
  opts: LossOptions & { lambdaDssim?: number } = {},
): { loss: number; l1: number; dssim: number } {
  const lambda = opts.lambdaDssim ?? 0.2;
  const weight = opts.weight ?? 1;
  const l1 = l1Mean(pred, target, opts, weight * (1 - lambda));
  const dssim = 1 - ssimMean(pred, target, opts, -weight * lambda);
  return { loss: weight * ((1 - lambda) * l1 + lambda * dssim), l1, dssim };
}

function prepare(
  pred: ImageBuffer,
  target: ImageBuffer,
  opts: LossOptions,
): { use: number; totalWeight: number } {
  if (pred.width !== target.width || pred.height !== target.height) {
    throw new Error(
      `loss: images differ in size: ${pred.width}x${pred.height} rendered, ${target.width}x${target.height} target`,
    );
  }
  const n = pred.width * pred.height;
  const use = opts.use ?? Math.min(3, pred.channels);
  if (use < 1 || use > pred.channels || use > target.channels) {
    throw new Error(
      `loss: cannot use ${use} channels of images with ${pred.channels} (rendered) and ${target.channels} (target)`,
    );
  }
  if (pred.data.length !== n * pred.channels || target.data.length !== n * target.channels) {
    throw new Error(`loss: image data does not match ${pred.width}x${pred.height} x channels`);
  }
  if (opts.grad && opts.grad.length !== pred.data.length)
    throw new Error(`loss: grad has ${opts.grad.length} values, the rendered image ${pred.data.length}`);
  let totalWeight = n;
  if (opts.mask) {
    if (opts.mask.length !== n)
      throw new Error(
        `loss: mask has ${opts.mask.length} values, the image ${pred.width}x${pred.height} pixels`,
      );
    totalWeight = 0;
    for (let p = 0; p < n; p++) totalWeight += opts.mask[p]!;
    if (!(totalWeight > 0)) throw new Error('loss: the mask selects no pixels');
  }
  return { use, totalWeight };
}

/**
 * Separable 11-tap Gaussian blur, zero outside the image (3DGS's conv2d padding). The kernel is
 * symmetric, so the interior sums pairs (6 multiplies a tap instead of 11), unrolled with the taps
 * in locals; the 5-pixel border takes the general loop. This is most of a step's loss time.
 */
function blur(src: Float64Array, w: number, h: number, tmp: Float64Array, out: Float64Array): void {
  const r = (SSIM_WINDOW - 1) / 2;
  const k = KERNEL;
  const k0 = k[5]!,
    k1 = k[6]!,
    k2 = k[7]!,
    k3 = k[8]!,
    k4 = k[9]!,
    k5 = k[10]!;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const xa = Math.min(r, w),
      xb = Math.max(xa, w - r);
    for (let x = 0; x < xa; x++) tmp[row + x] = edgeSum(src, row + x, 1, x, w, k);
    for (let x = xa; x < xb; x++) {
      const j = row + x;
      tmp[j] =
        k0 * src[j]! +
        k1 * (src[j - 1]! + src[j + 1]!) +
        k2 * (src[j - 2]! + src[j + 2]!) +
        k3 * (src[j - 3]! + src[j + 3]!) +
        k4 * (src[j - 4]! + src[j + 4]!) +
        k5 * (src[j - 5]! + src[j + 5]!);
    }
    for (let x = xb; x < w; x++) tmp[row + x] = edgeSum(src, row + x, 1, x, w, k);
  }
  const ya = Math.min(r, h),
    yb = Math.max(ya, h - r);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    if (y < ya || y >= yb) {
      for (let x = 0; x < w; x++) out[row + x] = edgeSum(tmp, row + x, w, y, h, k);
      continue;
    }
    const w2 = 2 * w,
      w3 = 3 * w,
      w4 = 4 * w,
      w5 = 5 * w;
    for (let x = 0; x < w; x++) {
      const j = row + x;
      out[j] =
        k0 * tmp[j]! +
        k1 * (tmp[j - w]! + tmp[j + w]!) +
        k2 * (tmp[j - w2]! + tmp[j + w2]!) +
        k3 * (tmp[j - w3]! + tmp[j + w3]!) +
        k4 * (tmp[j - w4]! + tmp[j + w4]!) +
        k5 * (tmp[j - w5]! + tmp[j + w5]!);
    }
  }
}

/** One tap sum near the border: index j at position `at` of `n` along an axis of stride `stride`. */
function edgeSum(
  src: Float64Array,
  j: number,
  stride: number,
  at: number,
  n: number,
  k: Float64Array,
): number {
  const r = (SSIM_WINDOW - 1) / 2;
  const i0 = Math.max(-r, -at),
    i1 = Math.min(r, n - 1 - at);
  let s = 0;
  for (let i = i0; i <= i1; i++) s += k[i + r]! * src[j + i * stride]!;
  return s;
}
