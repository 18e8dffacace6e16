import type { Rgba8 } from './landmark-backend.js';

/**
 * Below this the 68-point net (which reads a 112 px crop of the face) has nothing to work with:
 * a face would cover a few dozen pixels at most, and the detectors would only find noise.
 */
const MIN_IMAGE_SIDE = 32;

/**
 * Larger images are box-filtered down before detection. Both detectors resize to at most 608 px and
 * the landmark net to 112 px, so full-resolution photos only cost time and wasm memory (a 24 MP
 * photo is about 300 MB as the int32 tensor tfjs wants).
 */
export const MAX_DETECT_SIDE = 2048;

/** Throws a message naming the size when the image is too small for face landmarks. */
export function checkImageSize(width: number, height: number): void {
  if (width < MIN_IMAGE_SIDE || height < MIN_IMAGE_SIDE) {
    throw new Error(
      `image is ${width}x${height} px; face landmarks need at least ${MIN_IMAGE_SIDE} px on each side (a face in it would be too small to place 68 points)`,
    );
  }
}

/** The integer factor that brings the longer side to at most MAX_DETECT_SIDE (1: no change). */
export function detectionScale(width: number, height: number): number {
  return Math.max(1, Math.ceil(Math.max(width, height) / MAX_DETECT_SIDE));
}

/**
 * Averages each factor x factor block (edge blocks average the pixels they have). Because small
 * pixel i covers source pixels [i*f, (i+1)*f), a point at x in the small image is at x*f in the
 * source: coordinates map back exactly by one multiplication.
 */
export function downscaleRgba8(img: Rgba8, factor: number): Rgba8 {
  if (factor === 1) return img;
  const width = Math.ceil(img.width / factor);
  const height = Math.ceil(img.height / factor);
  const data = new Uint8Array(width * height * 4);
  // Sums per output pixel of the current output row: RGBA plus the number of source pixels.
  const sums = new Float64Array(width * 5);
  for (let y = 0; y < height; y++) {
    sums.fill(0);
    const y1 = Math.min(img.height, (y + 1) * factor);
    for (let sy = y * factor; sy < y1; sy++) {
      const row = sy * img.width * 4;
      for (let sx = 0; sx < img.width; sx++) {
        const o = ((sx / factor) | 0) * 5;
        const s = row + sx * 4;
        sums[o] = sums[o]! + img.data[s]!;
        sums[o + 1] = sums[o + 1]! + img.data[s + 1]!;
        sums[o + 2] = sums[o + 2]! + img.data[s + 2]!;
        sums[o + 3] = sums[o + 3]! + img.data[s + 3]!;
        sums[o + 4] = sums[o + 4]! + 1;
      }
    }
    const out = y * width * 4;
    for (let x = 0; x < width; x++) {
      const n = sums[x * 5 + 4]!;
      for (let c = 0; c < 4; c++) data[out + x * 4 + c] = Math.round(sums[x * 5 + c]! / n);
    }
  }
  return { width, height, data };
}
