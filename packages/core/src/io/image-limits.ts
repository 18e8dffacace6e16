/**
 * What a decoder may be asked to allocate, checked from the header before any pixel is decoded,
 * so a 100-byte file cannot request gigabytes.
 */

/**
 * Largest accepted width or height. A 16384^2 RGBA8 image is already 1 GiB; beyond that a header
 * is far more likely to be corrupt or hostile than real.
 */
export const MAX_IMAGE_SIDE = 16384;

/**
 * Largest accepted width x height by default: 100 megapixels (400 MB as RGBA8), above the 108 MP
 * and 100 MP sensors of phones and medium-format cameras' usual output, far above what the
 * pipeline uses (landmarks downscale to 2048 px). `decodeImage(..., { maxPixels })` raises it.
 */
export const MAX_IMAGE_PIXELS = 100_000_000;

export interface DecodeImageOptions {
  /** Width x height refused above this; default MAX_IMAGE_PIXELS. */
  maxPixels?: number;
}

export class ImageDecodeError extends Error {
  override readonly name = 'ImageDecodeError';
  /** The engine's error code (ErrorCode): the file or input is unusable, a retry will not help. */
  readonly code = 'bad_input' as const;
  constructor(
    readonly source: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${problem}`, options);
  }
}

/** Refuses dimensions from a header: zero, over the side limit, or over the pixel limit. */
export function checkImageSize(
  width: number,
  height: number,
  format: string,
  source: string,
  maxPixels: number,
): void {
  if (width === 0 || height === 0) {
    throw new ImageDecodeError(source, `corrupt ${format} (dimensions ${width}x${height})`);
  }
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
    throw new ImageDecodeError(
      source,
      `${format} is ${width}x${height}, larger than the ${MAX_IMAGE_SIDE} px per side limit`,
    );
  }
  if (width * height > maxPixels) {
    throw new ImageDecodeError(
      source,
      `${format} is ${width}x${height} (${megapixels(width * height)}), over the ${megapixels(maxPixels)} limit; downscale it, or raise maxPixels if it fits in memory`,
    );
  }
}

function megapixels(n: number): string {
  if (n < 1e5) return `${n} pixels`;
  const mp = n / 1e6;
  return `${Number.isInteger(mp) ? mp : mp.toFixed(1)} megapixels`;
}
