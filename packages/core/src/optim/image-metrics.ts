/**
 * Image metrics on RGB in [0, 1]: PSNR and SSIM (11 x 11 Gaussian window, sigma 1.5, K1 0.01,
 * K2 0.03, as in Wang et al. 2004 and every NVS paper). Both can be restricted to a mask
 * (per pixel weight in [0, 1], e.g. the face region). SSIM statistics near the border use the
 * part of the window inside the image (renormalised), so the map has the image's size.
 */

export interface RgbImage {
  width: number;
  height: number;
  /** Interleaved RGBA or RGB, values in [0, 1]. */
  data: Float32Array;
  channels: 3 | 4;
}

export function psnr(a: RgbImage, b: RgbImage, mask?: Float32Array): number {
  sameSize(a, b);
  let sum = 0,
    weight = 0;
  for (let p = 0; p < a.width * a.height; p++) {
    const w = mask ? mask[p]! : 1;
    if (w === 0) continue;
    for (let c = 0; c < 3; c++) {
      const d = a.data[p * a.channels + c]! - b.data[p * b.channels + c]!;
      sum += w * d * d;
    }
    weight += 3 * w;
  }
  if (weight === 0) throw new Error('psnr: the mask selects no pixels');
  const mse = sum / weight;
  return mse === 0 ? Infinity : -10 * Math.log10(mse);
}

const WINDOW = 11;
const SIGMA = 1.5;
const C1 = 0.01 ** 2;
const C2 = 0.03 ** 2;

function gaussianKernel(): Float64Array {
  const k = new Float64Array(WINDOW);
  let sum = 0;
  for (let i = 0; i < WINDOW; i++) {
    const x = i - (WINDOW - 1) / 2;
    k[i] = Math.exp(-(x * x) / (2 * SIGMA * SIGMA));
    sum += k[i]!;
  }
  for (let i = 0; i < WINDOW; i++) k[i]! /= sum;
  return k;
}

/** Separable Gaussian blur with in-image renormalisation. */
function blur(
  src: Float64Array,
  w: number,
  h: number,
  kernel: Float64Array,
  tmp: Float64Array,
  out: Float64Array,
): void {
  const r = (WINDOW - 1) / 2;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0,
        n = 0;
      for (let i = -r; i <= r; i++) {
        const xx = x + i;
        if (xx < 0 || xx >= w) continue;
        const k = kernel[i + r]!;
        s += k * src[y * w + xx]!;
        n += k;
      }
      tmp[y * w + x] = s / n;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0,
        n = 0;
      for (let i = -r; i <= r; i++) {
        const yy = y + i;
        if (yy < 0 || yy >= h) continue;
        const k = kernel[i + r]!;
        s += k * tmp[yy * w + x]!;
        n += k;
      }
      out[y * w + x] = s / n;
    }
  }
}

/** Mean SSIM over RGB channels (and over the mask, if given). */
export function ssim(a: RgbImage, b: RgbImage, mask?: Float32Array): number {
  sameSize(a, b);
  const { width: w, height: h } = a;
  const n = w * h;
  const kernel = gaussianKernel();
  const x = new Float64Array(n),
    y = new Float64Array(n),
    xx = new Float64Array(n),
    yy = new Float64Array(n),
    xy = new Float64Array(n);
  const mx = new Float64Array(n),
    my = new Float64Array(n),
    sxx = new Float64Array(n),
    syy = new Float64Array(n),
    sxy = new Float64Array(n);
  const tmp = new Float64Array(n);
  let total = 0,
    weight = 0;
  for (let c = 0; c < 3; c++) {
    for (let p = 0; p < n; p++) {
      const va = a.data[p * a.channels + c]!,
        vb = b.data[p * b.channels + c]!;
      x[p] = va;
      y[p] = vb;
      xx[p] = va * va;
      yy[p] = vb * vb;
      xy[p] = va * vb;
    }
    blur(x, w, h, kernel, tmp, mx);
    blur(y, w, h, kernel, tmp, my);
    blur(xx, w, h, kernel, tmp, sxx);
    blur(yy, w, h, kernel, tmp, syy);
    blur(xy, w, h, kernel, tmp, sxy);
    for (let p = 0; p < n; p++) {
      const wt = mask ? mask[p]! : 1;
      if (wt === 0) continue;
      const ux = mx[p]!,
        uy = my[p]!;
      const vx = sxx[p]! - ux * ux,
        vy = syy[p]! - uy * uy,
        cxy = sxy[p]! - ux * uy;
      const s = ((2 * ux * uy + C1) * (2 * cxy + C2)) / ((ux * ux + uy * uy + C1) * (vx + vy + C2));
      total += wt * s;
      weight += wt;
    }
  }
  if (weight === 0) throw new Error('ssim: the mask selects no pixels');
  return total / weight;
}

function sameSize(a: RgbImage, b: RgbImage): void {
  if (a.width !== b.width || a.height !== b.height) {
    throw new Error(`images differ in size: ${a.width}x${a.height} vs ${b.width}x${b.height}`);
  }
}
