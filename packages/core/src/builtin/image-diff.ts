import type { Rgba8Image } from '../io/image-codec.js';

export interface PixelComparison {
  /** Largest difference of any channel, in 0..255 levels. */
  maxDiff: number;
  /** Pixels with a channel more than `tolerance` levels off. */
  badPixels: number;
  /** The golden in grey, differences in red (brighter = further off), so a reviewer sees where. */
  diff: Rgba8Image;
}

/** Per-pixel comparison of two straight-alpha rgba8 images of the same size. */
export function comparePixels(image: Rgba8Image, golden: Rgba8Image, tolerance: number): PixelComparison {
  const n = image.width * image.height;
  const diff = new Uint8Array(n * 4);
  let maxDiff = 0,
    badPixels = 0;
  for (let p = 0; p < n; p++) {
    let d = 0;
    for (let c = 0; c < 4; c++) d = Math.max(d, Math.abs(image.data[p * 4 + c]! - golden.data[p * 4 + c]!));
    maxDiff = Math.max(maxDiff, d);
    if (d > tolerance) badPixels++;
    const grey = (golden.data[p * 4]! + golden.data[p * 4 + 1]! + golden.data[p * 4 + 2]!) / 3;
    // Dimmed background, amplified difference: a 2-level drift still shows.
    const red = d === 0 ? 0 : Math.min(255, 64 + d * 4);
    diff[p * 4] = Math.max(grey * 0.3, red);
    diff[p * 4 + 1] = grey * 0.3;
    diff[p * 4 + 2] = grey * 0.3;
    diff[p * 4 + 3] = 255;
  }
  return { maxDiff, badPixels, diff: { width: image.width, height: image.height, data: diff } };
}
