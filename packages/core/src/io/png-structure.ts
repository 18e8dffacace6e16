/**
 * A walk over a PNG's chunks before fast-png decodes it. fast-png trusts the file: it takes a
 * second IHDR's dimensions, inflates IDAT and iCCP into buffers without bound (a 1 MB zlib bomb
 * becomes 1 GB), and ignores eXIf. Here every size is checked while nothing is kept: inflated
 * bytes are counted and dropped.
 */

import { Unzlib } from 'fflate';
import { readTiffOrientation, type ExifOrientation } from './exif-orientation.js';
import { ImageDecodeError, checkImageSize } from './image-limits.js';

export interface PngStructure {
  width: number;
  height: number;
  orientation: ExifOrientation;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS = new Set([1, 2, 4, 8, 16]);
// Real profiles are a few KB to a few MB; this only stops an iCCP bomb.
const MAX_ICC_BYTES = 16 << 20;
// Decoders ignore image data past the last row; a little of it is tolerated, not an unbounded amount.
const IDAT_SLACK_BYTES = 1 << 20;
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

export function scanPng(bytes: Uint8Array, source: string, maxPixels: number): PngStructure {
  // Signature (8) + chunk length (4) + "IHDR" (4) + 13 data bytes.
  if (bytes.length < 29) throw new ImageDecodeError(source, 'truncated PNG (no complete IHDR header)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(12) !== 0x49484452)
    throw new ImageDecodeError(source, 'corrupt PNG (first chunk is not IHDR)');
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const depth = bytes[24]!;
  const colourType = bytes[25]!;
  const interlaced = bytes[28] === 1;
  checkImageSize(width, height, 'PNG', source, maxPixels);
  // fast-png's Adam7 path assumes whole bytes per pixel and silently scrambles
  // packed 1/2/4-bit rows, so refuse rather than return a garbled image.
  if (interlaced && depth < 8)
    throw new ImageDecodeError(source, `unsupported PNG: interlaced with bit depth ${depth}`);
  const channels = CHANNELS[colourType];
  const expected =
    channels !== undefined && DEPTHS.has(depth)
      ? imageDataSize(width, height, channels * depth, interlaced)
      : undefined;

  const idat = new CountingInflate(expected === undefined ? Infinity : expected + IDAT_SLACK_BYTES);
  let orientation: ExifOrientation = 1;
  let headers = 0;
  for (let at = 8; at + 12 <= bytes.length;) {
    const length = view.getUint32(at);
    const type = view.getUint32(at + 4);
    const data = bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + length));
    at += 12 + length;
    if (type === 0x49444154 /* IDAT */) idat.push(data);
    else if (type === 0x49484452 /* IHDR */ && ++headers > 1) {
      throw new ImageDecodeError(source, 'corrupt PNG (a second IHDR header)');
    } else if (type === 0x69434350 /* iCCP */) checkProfile(data, source);
    else if (type === 0x65584966 /* eXIf */) orientation = readTiffOrientation(data);
    else if (type === 0x49454e44 /* IEND */) break;
  }
  idat.finish();
  if (idat.overflow) {
    throw new ImageDecodeError(
      source,
      `corrupt PNG (the image data inflates past the ${expected} bytes a ${width}x${height} image needs)`,
    );
  }
  // A stream that fails to inflate is left to fast-png, whose message names the zlib problem.
  if (expected !== undefined && !idat.failed && idat.total < expected) {
    const problem = idat.truncated
      ? 'truncated PNG (the image data stops'
      : 'corrupt PNG (the image data ends';
    throw new ImageDecodeError(
      source,
      `${problem} after ${idat.total} of the ${expected} bytes a ${width}x${height} image needs)`,
    );
  }
  return { width, height, orientation };
}

/** Filtered image data: a filter byte plus the packed samples per row, per Adam7 pass if interlaced. */
function imageDataSize(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  const rows = (w: number, h: number) => (w > 0 && h > 0 ? h * (1 + Math.ceil((w * bitsPerPixel) / 8)) : 0);
  if (!interlaced) return rows(width, height);
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7)
    total += rows(Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy));
  return total;
}

function checkProfile(data: Uint8Array, source: string): void {
  const nul = data.indexOf(0);
  if (nul < 0 || nul + 2 > data.length) return; // malformed: fast-png reports it
  const profile = new CountingInflate(MAX_ICC_BYTES);
  profile.push(data.subarray(nul + 2));
  profile.finish();
  if (profile.overflow) {
    throw new ImageDecodeError(
      source,
      `corrupt PNG (the iCCP colour profile inflates past ${MAX_ICC_BYTES >> 20} MiB)`,
    );
  }
}

/** Inflates a zlib stream fed in pieces, keeping only the count, and stops at `limit`. */
class CountingInflate {
  total = 0;
  /** The stream stopped before its last block (fflate's "unexpected EOF"). */
  truncated = false;
  /** Not a valid zlib stream. */
  failed = false;
  overflow = false;
  private done = false;
  private readonly inflate: Unzlib;

  constructor(private readonly limit: number) {
    this.inflate = new Unzlib((chunk) => {
      this.total += chunk.length;
      if (this.total > this.limit) throw new Overflow();
    });
  }

  push(data: Uint8Array): void {
    this.feed(data, false);
  }

  finish(): void {
    this.feed(new Uint8Array(0), true);
  }

  private feed(data: Uint8Array, final: boolean): void {
    if (this.done) return;
    try {
      this.inflate.push(data, final);
      if (final) this.done = true;
    } catch (err) {
      this.done = true;
      if (err instanceof Overflow) this.overflow = true;
      else if ((err as { code?: unknown }).code === 0) this.truncated = true;
      else this.failed = true;
    }
  }
}

class Overflow extends Error {}
