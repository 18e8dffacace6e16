/**
 * PNG/JPEG <-> RGBA8 conversion on bytes (no fs, no DOM), so images decode the same
 * way in the browser, in workers and in the headless runner.
 */

import { decode as decodePngRaw, encode as encodePngRaw, type DecodedPng } from 'fast-png';
import jpeg from 'jpeg-js';
import { orientImage } from './exif-orientation.js';
import {
  ImageDecodeError,
  MAX_IMAGE_PIXELS,
  MAX_IMAGE_SIDE,
  type DecodeImageOptions,
} from './image-limits.js';
import { scanJpeg } from './jpeg-structure.js';
import { scanPng } from './png-structure.js';

/** 8-bit RGBA pixels, row-major, top row first; `data.length === width * height * 4`. */
export interface Rgba8Image {
  width: number;
  height: number;
  data: Uint8Array;
}

export type ImageFormat = 'png' | 'jpeg';

export {
  ImageDecodeError,
  MAX_IMAGE_PIXELS,
  MAX_IMAGE_SIDE,
  type DecodeImageOptions,
} from './image-limits.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function imageFormatOf(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

/**
 * Decodes a PNG (any colour type and bit depth) or a baseline/progressive JPEG into
 * RGBA8, turned upright by its EXIF orientation (JPEG APP1, PNG eXIf). `source` names the
 * file in error messages. Sizes are checked from the header first (`MAX_IMAGE_SIDE`,
 * `opts.maxPixels`), so nothing is allocated for an image that would be refused.
 */
export function decodeImage(bytes: Uint8Array, source = 'image', opts: DecodeImageOptions = {}): Rgba8Image {
  const maxPixels = opts.maxPixels ?? MAX_IMAGE_PIXELS;
  const format = imageFormatOf(bytes);
  if (format === 'png') return decodePng(bytes, source, maxPixels);
  if (format === 'jpeg') return decodeJpeg(bytes, source, maxPixels);
  if (bytes.length === 0) throw new ImageDecodeError(source, 'not a PNG or JPEG (the file is empty)');
  const hex = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
  throw new ImageDecodeError(source, `not a PNG or JPEG (starts with 0x${hex})`);
}

// ---------------------------------------------------------------------------------------
// PNG
// ---------------------------------------------------------------------------------------

function decodePng(bytes: Uint8Array, source: string, maxPixels: number): Rgba8Image {
  const header = scanPng(bytes, source, maxPixels);
  let png: DecodedPng;
  try {
    png = decodePngRaw(bytes, { checkCrc: true });
  } catch (err) {
    throw new ImageDecodeError(source, describePngFailure(err), { cause: err });
  }
  let img: Rgba8Image;
  try {
    img = { width: png.width, height: png.height, data: pngToRgba8(png) };
  } catch (err) {
    throw new ImageDecodeError(source, `corrupt PNG (${(err as Error).message})`, { cause: err });
  }
  return orientImage(img, header.orientation);
}

function describePngFailure(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // fast-png reads through a DataView, so running off the end of the input
  // surfaces as a bounds RangeError rather than a dedicated error.
  if (err instanceof RangeError && /outside the bounds/i.test(message)) return 'truncated PNG';
  const cause = err instanceof Error && err.cause instanceof Error ? ` ${err.cause.message}` : '';
  return `corrupt PNG (${message}${cause})`;
}

function pngToRgba8(png: DecodedPng): Uint8Array {
  const { width, height, channels, depth } = png;
  const samples = unpackSamples(png);
  const out = new Uint8Array(width * height * 4);
  if (png.palette) {
    applyPalette(samples, png.palette, out);
    return out;
  }
  const toByte = sampleScaler(depth);
  // tRNS for grey/RGB images names one exact colour (in the original bit depth) that is
  // fully transparent; it must be compared before scaling, which is lossy for 16 bits.
  const key =
    png.transparency !== undefined && png.transparency.length === channels ? png.transparency : undefined;
  const pixels = width * height;
  for (let p = 0, s = 0, o = 0; p < pixels; p++, s += channels, o += 4) {
    const a = samples[s]!;
    if (channels <= 2) {
      const grey = toByte(a);
      out[o] = out[o + 1] = out[o + 2] = grey;
      out[o + 3] = channels === 2 ? toByte(samples[s + 1]!) : key && a === key[0] ? 0 : 255;
    } else {
      const g = samples[s + 1]!;
      const b = samples[s + 2]!;
      out[o] = toByte(a);
      out[o + 1] = toByte(g);
      out[o + 2] = toByte(b);
      out[o + 3] =
        channels === 4
          ? toByte(samples[s + 3]!)
          : key && a === key[0] && g === key[1] && b === key[2]
            ? 0
            : 255;
    }
  }
  return out;
}

/** One array entry per sample: unpacks 1/2/4-bit rows (padded to whole bytes per row). */
function unpackSamples(png: DecodedPng): Uint8Array | Uint16Array {
  const { width, height, channels, depth, data } = png;
  const perRow = width * channels;
  if (depth >= 8) {
    if (data.length < perRow * height) throw new Error('decoded image data is too short');
    return data instanceof Uint8ClampedArray
      ? new Uint8Array(data.buffer, data.byteOffset, data.length)
      : data;
  }
  const bytesPerRow = Math.ceil((perRow * depth) / 8);
  if (data.length < bytesPerRow * height) throw new Error('decoded image data is too short');
  const out = new Uint8Array(perRow * height);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    const row = y * bytesPerRow;
    for (let i = 0; i < perRow; i++) {
      const bit = i * depth;
      out[y * perRow + i] = (data[row + (bit >>> 3)]! >>> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

function sampleScaler(depth: number): (v: number) => number {
  if (depth === 16) return (v) => ((v * 255 + 32767) / 65535) | 0; // rounded v / 257
  if (depth === 8) return (v) => v;
  const factor = 255 / ((1 << depth) - 1); // exact: 255, 85 or 17
  return (v) => v * factor;
}

function applyPalette(indices: Uint8Array | Uint16Array, palette: number[][], out: Uint8Array): void {
  for (let p = 0, o = 0; p < indices.length; p++, o += 4) {
    const entry = palette[indices[p]!];
    if (entry === undefined)
      throw new Error(`palette index ${indices[p]} out of range (${palette.length} colours)`);
    out[o] = entry[0]!;
    out[o + 1] = entry[1]!;
    out[o + 2] = entry[2]!;
    out[o + 3] = entry[3] ?? 255;
  }
}

// ---------------------------------------------------------------------------------------
// JPEG
// ---------------------------------------------------------------------------------------

function decodeJpeg(bytes: Uint8Array, source: string, maxPixels: number): Rgba8Image {
  const header = scanJpeg(bytes, source, maxPixels);
  let img: Rgba8Image;
  try {
    const decoded = jpeg.decode(bytes, {
      useTArray: true, // plain Uint8Array output; Buffer does not exist in browsers
      formatAsRGBA: true,
      tolerantDecoding: false,
      maxResolutionInMP: Math.ceil(maxPixels / 1e6),
      // jpeg-js counts its own intermediate buffers; the pixel limit above already
      // bounds the real requirement, so this only needs to stay out of the way.
      maxMemoryUsageInMB: 8192,
    });
    img = { width: decoded.width, height: decoded.height, data: decoded.data };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ImageDecodeError(source, `corrupt or truncated JPEG (${message})`, { cause: err });
  }
  return orientImage(img, header.orientation);
}

// ---------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------

/** Lossless RGBA8 PNG; output depends only on the pixels (no timestamps or text). */
export function encodePng(img: Rgba8Image): Uint8Array {
  checkEncoderInput(img, 'encodePng');
  return encodePngRaw({ width: img.width, height: img.height, data: img.data, depth: 8, channels: 4 });
}

/** Baseline JPEG; alpha is dropped (JPEG has none). `quality` is 1..100. */
export function encodeJpeg(img: Rgba8Image, quality = 92): Uint8Array {
  checkEncoderInput(img, 'encodeJpeg');
  if (!Number.isFinite(quality) || quality < 1 || quality > 100) {
    throw new RangeError(`encodeJpeg: quality must be between 1 and 100, got ${quality}`);
  }
  const encoded = withBufferShim(() => jpeg.encode(img, quality).data);
  // Copy: Node's Buffer.from may hand back a slice of a shared pool allocation.
  return new Uint8Array(encoded);
}

/**
 * jpeg-js ends its encoder with `Buffer.from(bytes)` whenever a CommonJS `module`
 * exists, which is also true inside browser bundles, where Buffer is missing. The call
 * is synchronous, so a minimal stand-in installed for its duration cannot leak to
 * other code.
 */
function withBufferShim<T>(run: () => T): T {
  const g = globalThis as { Buffer?: unknown };
  if (g.Buffer !== undefined) return run();
  g.Buffer = { from: (bytes: ArrayLike<number>) => Uint8Array.from(bytes) };
  try {
    return run();
  } finally {
    delete g.Buffer;
  }
}

function checkEncoderInput(img: Rgba8Image, fn: string): void {
  const { width, height, data } = img;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`${fn}: width and height must be positive integers, got ${width}x${height}`);
  }
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
    throw new RangeError(`${fn}: ${width}x${height} exceeds the ${MAX_IMAGE_SIDE} px per side limit`);
  }
  // toStringTag rather than instanceof: pixels may come from another realm (worker, vm).
  const tag: string = ArrayBuffer.isView(data) ? (data as Uint8Array)[Symbol.toStringTag] : typeof data;
  if (tag !== 'Uint8Array' && tag !== 'Uint8ClampedArray') {
    throw new TypeError(`${fn}: data must be a Uint8Array of RGBA bytes, got ${tag}`);
  }
  if (data.length !== width * height * 4) {
    throw new RangeError(
      `${fn}: data has ${data.length} bytes but a ${width}x${height} RGBA image needs ${width * height * 4}`,
    );
  }
}
