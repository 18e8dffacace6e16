import { describe, expect, it } from 'vitest';
import { seededRandom as seeded } from '../engine/values/seeded-random.js';
import { psnr, ssim, type RgbImage } from './image-metrics.js';

function noiseImage(w: number, h: number, seed: number): RgbImage {
  const r = seeded(seed);
  return { width: w, height: h, channels: 3, data: Float32Array.from({ length: w * h * 3 }, () => r()) };
}

describe('image metrics', () => {
  it('PSNR: infinite for equal images, 20 dB for a uniform 0.1 error', () => {
    const a = noiseImage(16, 8, 1);
    expect(psnr(a, a)).toBe(Infinity);
    const b = { ...a, data: a.data.map((v) => v + 0.1) };
    expect(psnr(a, b)).toBeCloseTo(20, 4);
  });

  it('SSIM: 1 for equal images, lower for noise, and insensitive to the masked-out part', () => {
    const a = noiseImage(32, 32, 2);
    expect(ssim(a, a)).toBeCloseTo(1, 10);
    const noisy = noiseImage(32, 32, 3);
    expect(ssim(a, noisy)).toBeLessThan(0.2);
    // Left half equal, right half different: the left-half mask scores near 1 (the window leaks at the seam).
    const half = { ...a, data: a.data.map((v, i) => ((i / 3) % 32 < 16 ? v : noisy.data[i]!)) };
    const left = Float32Array.from({ length: 32 * 32 }, (_, p) => (p % 32 < 11 ? 1 : 0));
    expect(ssim(a, half, left)).toBeGreaterThan(0.99);
    expect(ssim(a, half)).toBeLessThan(0.7);
  });

  it('SSIM matches a hand computation on a constant image with a brightness shift', () => {
    const w = 12,
      h = 12;
    const a: RgbImage = { width: w, height: h, channels: 3, data: new Float32Array(w * h * 3).fill(0.5) };
    const b: RgbImage = { ...a, data: new Float32Array(w * h * 3).fill(0.6) };
    // Zero variance: SSIM = (2 ux uy + C1) / (ux^2 + uy^2 + C1).
    const expected = (2 * 0.5 * 0.6 + 1e-4) / (0.25 + 0.36 + 1e-4);
    expect(ssim(a, b)).toBeCloseTo(expected, 6);
  });

  it('refuses images of different sizes and empty masks, saying why', () => {
    expect(() => psnr(noiseImage(4, 4, 1), noiseImage(4, 5, 1))).toThrow(/4x4 vs 4x5/);
    expect(() => ssim(noiseImage(4, 4, 1), noiseImage(4, 4, 1), new Float32Array(16))).toThrow(
      /mask selects no pixels/,
    );
  });
});
