import { describe, expect, it } from 'vitest';
import { seededRandom } from '../engine/values/seeded-random.js';
import {
  dssimLoss,
  l1Loss,
  photometricLoss,
  ssimValue,
  type ImageBuffer,
  type LossOptions,
} from './losses.js';

function randomImage(w: number, h: number, channels: number, seed: number): ImageBuffer {
  const rand = seededRandom(seed);
  // A smooth field plus noise: SSIM's statistics are then neither trivial nor saturated.
  const data = new Float64Array(w * h * channels);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < channels; c++) {
        data[(y * w + x) * channels + c] =
          0.5 + 0.3 * Math.sin(0.4 * x + 0.3 * y + c) + 0.15 * (rand() - 0.5);
      }
  return { data, width: w, height: h, channels };
}

/** Max relative error of the analytic gradient against central differences, over every pixel value. */
function checkGradient(
  f: (img: ImageBuffer, opts: LossOptions) => number,
  pred: ImageBuffer,
  target: ImageBuffer,
  extra: LossOptions = {},
): number {
  const grad = new Float64Array(pred.data.length);
  f(pred, { ...extra, grad });
  const h = 1e-6;
  let scale = 0;
  const numeric = new Float64Array(pred.data.length);
  for (let i = 0; i < pred.data.length; i++) {
    const x = pred.data[i]!;
    pred.data[i] = x + h;
    const lp = f(pred, extra);
    pred.data[i] = x - h;
    const lm = f(pred, extra);
    pred.data[i] = x;
    numeric[i] = (lp - lm) / (2 * h);
    scale = Math.max(scale, Math.abs(numeric[i]!));
  }
  let worst = 0;
  for (let i = 0; i < numeric.length; i++) {
    const n = numeric[i]!,
      a = grad[i]!;
    if (Math.abs(n) > 1e-3 * scale)
      worst = Math.max(worst, Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n)));
    else expect(Math.abs(a - n)).toBeLessThan(1e-3 * scale);
  }
  return worst;
}

describe('photometric losses', () => {
  const W = 19,
    H = 14;
  const target = randomImage(W, H, 4, 2);
  const mask = Float64Array.from({ length: W * H }, (_, p) => (p % W > 4 ? 1 : 0.25));

  it('L1: value, and gradient against central differences (RGB of RGBA, with and without a mask)', () => {
    const pred = randomImage(W, H, 4, 3);
    let sum = 0;
    for (let p = 0; p < W * H; p++)
      for (let c = 0; c < 3; c++) sum += Math.abs(pred.data[p * 4 + c]! - target.data[p * 4 + c]!);
    expect(l1Loss(pred, target)).toBeCloseTo(sum / (W * H * 3), 14);
    expect(checkGradient((img, o) => l1Loss(img, target, o), pred, target)).toBeLessThan(1e-6);
    expect(
      checkGradient((img, o) => l1Loss(img, target, o), pred, target, { mask, weight: 0.8 }),
    ).toBeLessThan(1e-6);
    // The alpha channel of the rendered image is not read by default, so gets no gradient.
    const grad = new Float64Array(pred.data.length);
    l1Loss(pred, target, { grad });
    for (let p = 0; p < W * H; p++) expect(grad[p * 4 + 3]).toBe(0);
  });

  it('SSIM: 1 for identical images, gradient against central differences (zero-padded window, as 3DGS)', () => {
    const pred = randomImage(W, H, 4, 4);
    expect(ssimValue(target, target)).toBeCloseTo(1, 12);
    const s = ssimValue(pred, target);
    expect(s).toBeGreaterThan(0);
    expect(s).toBeLessThan(0.95);
    const rel = checkGradient((img, o) => ssimValue(img, target, o), pred, target);
    const relMasked = checkGradient((img, o) => dssimLoss(img, target, o), pred, target, {
      mask,
      weight: 0.2,
    });
    console.log(
      `SSIM gradient max rel error ${rel.toExponential(2)}, D-SSIM masked ${relMasked.toExponential(2)}`,
    );
    expect(rel).toBeLessThan(1e-4);
    expect(relMasked).toBeLessThan(1e-4);
  });

  it('0.8 L1 + 0.2 D-SSIM: the terms, the total and its gradient add up', () => {
    const pred = randomImage(W, H, 3, 5);
    const t3 = randomImage(W, H, 3, 6);
    const grad = new Float64Array(pred.data.length);
    const r = photometricLoss(pred, t3, { grad });
    expect(r.l1).toBeCloseTo(l1Loss(pred, t3), 14);
    expect(r.dssim).toBeCloseTo(dssimLoss(pred, t3), 14);
    expect(r.loss).toBeCloseTo(0.8 * r.l1 + 0.2 * r.dssim, 14);
    const g2 = new Float64Array(pred.data.length);
    l1Loss(pred, t3, { grad: g2, weight: 0.8 });
    dssimLoss(pred, t3, { grad: g2, weight: 0.2 });
    for (let i = 0; i < grad.length; i++) expect(grad[i]).toBeCloseTo(g2[i]!, 14);
    expect(checkGradient((img, o) => photometricLoss(img, t3, o).loss, pred, t3)).toBeLessThan(1e-4);
  });

  it('refuses mismatched sizes, masks and gradient buffers with a sentence', () => {
    const a = randomImage(8, 8, 4, 1),
      b = randomImage(8, 7, 4, 1);
    expect(() => l1Loss(a, b)).toThrow(/differ in size: 8x8 rendered, 8x7 target/);
    expect(() => ssimValue(a, a, { mask: new Float64Array(3) })).toThrow(/mask has 3 values/);
    expect(() => l1Loss(a, a, { mask: new Float64Array(64) })).toThrow(/selects no pixels/);
    expect(() => l1Loss(a, a, { grad: new Float64Array(5) })).toThrow(/grad has 5 values/);
  });
});
