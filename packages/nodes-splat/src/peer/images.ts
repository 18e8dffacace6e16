/**
 * 8-bit RGBA images for the peer check: quantising our float render, reading the peers' GL
 * readback (bottom row first), PSNR on 8-bit RGB and a diff image a person can look at.
 */
import type { Rgba8Image } from '@ffavatar/core/io';

/** Our RasterTargets.rgba (top row first, values in [0, 1] and possibly above 1) to 8-bit. */
export function floatRgbaToRgba8(rgba: Float32Array, width: number, height: number): Rgba8Image {
  const data = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) data[p * 4 + c] = to8(rgba[p * 4 + c]!);
    data[p * 4 + 3] = 255;
  }
  return { width, height, data };
}

/**
 * A GL readback (RGBA, bottom row first, float or 8-bit) to a top-row-first 8-bit image; the
 * alpha channel is set opaque (only colour over the background is compared).
 */
export function glReadbackToRgba8(
  pixels: Float32Array | Uint8Array,
  width: number,
  height: number,
): Rgba8Image {
  const data = new Uint8Array(width * height * 4);
  const isFloat = pixels instanceof Float32Array;
  for (let y = 0; y < height; y++) {
    const src = (height - 1 - y) * width * 4,
      dst = y * width * 4;
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        const v = pixels[src + x * 4 + c]!;
        data[dst + x * 4 + c] = isFloat ? to8(v) : v;
      }
      data[dst + x * 4 + 3] = 255;
    }
  }
  return { width, height, data };
}

function to8(v: number): number {
  return Math.round(Math.min(1, Math.max(0, v)) * 255);
}

export interface ImageComparison {
  /** PSNR on RGB, 8-bit, peak 255 (dB). */
  psnr: number;
  /** Mean absolute difference per channel, in 8-bit steps. */
  meanAbs: number;
  /** Mean signed difference b - a per channel (R, G, B), in 8-bit steps: a colour bias shows here. */
  meanSigned: [number, number, number];
  /** Largest absolute difference, 8-bit steps. */
  maxAbs: number;
  /** Fraction of pixels where some channel differs by more than 8 steps. */
  fracOver8: number;
}

export function compareRgba8(a: Rgba8Image, b: Rgba8Image): ImageComparison {
  if (a.width !== b.width || a.height !== b.height)
    throw new Error(`compareRgba8: ${a.width}x${a.height} vs ${b.width}x${b.height}`);
  const n = a.width * a.height;
  let se = 0,
    abs = 0,
    maxAbs = 0,
    over = 0;
  const signed = [0, 0, 0];
  for (let p = 0; p < n; p++) {
    let pixelMax = 0;
    for (let c = 0; c < 3; c++) {
      const d = b.data[p * 4 + c]! - a.data[p * 4 + c]!;
      se += d * d;
      abs += Math.abs(d);
      signed[c]! += d;
      pixelMax = Math.max(pixelMax, Math.abs(d));
    }
    maxAbs = Math.max(maxAbs, pixelMax);
    if (pixelMax > 8) over++;
  }
  const mse = se / (3 * n);
  return {
    psnr: mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse),
    meanAbs: abs / (3 * n),
    meanSigned: [signed[0]! / n, signed[1]! / n, signed[2]! / n],
    maxAbs,
    fracOver8: over / n,
  };
}

/** |a - b| per channel, amplified `gain` times (default 8) so small differences are visible. */
export function diffImage(a: Rgba8Image, b: Rgba8Image, gain = 8): Rgba8Image {
  const data = new Uint8Array(a.data.length);
  for (let i = 0; i < data.length; i += 4) {
    for (let c = 0; c < 3; c++) data[i + c] = Math.min(255, Math.abs(a.data[i + c]! - b.data[i + c]!) * gain);
    data[i + 3] = 255;
  }
  return { width: a.width, height: a.height, data };
}
