/**
 * EXIF orientation (TIFF tag 0x0112): phones store a portrait photo as a landscape sensor image
 * plus this tag, and every viewer rotates it on display. A decoder that ignores the tag hands the
 * face detector a sideways face.
 */

import type { Rgba8Image } from './image-codec.js';

/** 1 (as stored) to 8; see `orientImage` for what each one means. */
export type ExifOrientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

const ORIENTATION_TAG = 0x0112;
const TYPE_SHORT = 3;

/**
 * The orientation in a TIFF structure (a JPEG's APP1 after `Exif\0\0`, a PNG's eXIf chunk).
 * Damaged or absent metadata means 1: browsers also show such a file as stored rather than
 * refusing pixels that decode fine.
 */
export function readTiffOrientation(tiff: Uint8Array): ExifOrientation {
  if (tiff.length < 8) return 1;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49; // "II"
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return 1; // neither "II" nor "MM"
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  if (view.getUint16(2, little) !== 42) return 1;
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > tiff.length) return 1;
  const entries = view.getUint16(ifd, little);
  for (let i = 0; i < entries; i++) {
    const at = ifd + 2 + i * 12;
    if (at + 12 > tiff.length) return 1;
    if (view.getUint16(at, little) !== ORIENTATION_TAG) continue;
    if (view.getUint16(at + 2, little) !== TYPE_SHORT || view.getUint32(at + 4, little) !== 1) return 1;
    const value = view.getUint16(at + 8, little);
    return value >= 1 && value <= 8 ? (value as ExifOrientation) : 1;
  }
  return 1;
}

/**
 * The stored pixels turned upright: 2 mirror, 3 rotate 180, 4 flip, 5 transpose, 6 rotate 90
 * clockwise, 7 transverse, 8 rotate 90 counter-clockwise. 5 to 8 swap width and height.
 */
export function orientImage(img: Rgba8Image, orientation: ExifOrientation): Rgba8Image {
  if (orientation === 1) return img;
  const { width: w, height: h } = img;
  const swap = orientation >= 5;
  const ow = swap ? h : w;
  const oh = swap ? w : h;
  // Whole pixels move as one 32-bit word; an unaligned view gets an aligned copy first.
  const bytes = img.data.byteOffset % 4 === 0 ? img.data : img.data.slice();
  const src = new Uint32Array(bytes.buffer, bytes.byteOffset, w * h);
  const out = new Uint32Array(ow * oh);
  // For each output pixel (x, y), the stored pixel it shows: sx = ax*x + bx*y + cx, sy likewise.
  const [ax, bx, cx, ay, by, cy] = SOURCE_OF[orientation](w, h);
  for (let y = 0, o = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++, o++) out[o] = src[(ay * x + by * y + cy) * w + (ax * x + bx * y + cx)]!;
  }
  return { width: ow, height: oh, data: new Uint8Array(out.buffer) };
}

type Affine = (w: number, h: number) => [number, number, number, number, number, number];
const SOURCE_OF: Record<Exclude<ExifOrientation, 1>, Affine> = {
  2: (w) => [-1, 0, w - 1, 0, 1, 0],
  3: (w, h) => [-1, 0, w - 1, 0, -1, h - 1],
  4: (_w, h) => [1, 0, 0, 0, -1, h - 1],
  5: () => [0, 1, 0, 1, 0, 0],
  6: (_w, h) => [0, 1, 0, -1, 0, h - 1],
  7: (w, h) => [0, -1, w - 1, -1, 0, h - 1],
  8: (w) => [0, -1, w - 1, 1, 0, 0],
};
