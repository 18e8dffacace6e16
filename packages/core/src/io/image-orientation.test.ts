import { encode as encodeFastPng } from 'fast-png';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { decodeImage, type Rgba8Image } from './image-codec.js';
import { pngChunk, withChunkAfterHeader } from './test-support/png-chunks.js';

// The upright picture, as 2 rows x 3 columns of 16 px blocks (whole JPEG MCUs, so colours survive
// compression):   A B C
//                 D E F
const COLOURS: Record<string, [number, number, number]> = {
  A: [230, 30, 30],
  B: [30, 200, 30],
  C: [30, 30, 230],
  D: [230, 230, 30],
  E: [30, 230, 230],
  F: [230, 30, 230],
};
const BLOCK = 16;

// What a camera stores for each orientation so that a viewer shows the upright picture: written
// out by hand from the EXIF definitions, not derived from the decoder's code.
const STORED: Record<number, string[]> = {
  1: ['ABC', 'DEF'],
  2: ['CBA', 'FED'], // mirrored
  3: ['FED', 'CBA'], // rotated 180
  4: ['DEF', 'ABC'], // flipped
  5: ['AD', 'BE', 'CF'], // transposed
  6: ['CF', 'BE', 'AD'], // the sensor turned: shown after a 90 degree clockwise turn
  7: ['FC', 'EB', 'DA'], // transverse
  8: ['DA', 'EB', 'FC'], // shown after a 90 degree counter-clockwise turn
};

function blocks(rows: string[]): Rgba8Image {
  const width = rows[0]!.length * BLOCK;
  const height = rows.length * BLOCK;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = COLOURS[rows[Math.floor(y / BLOCK)]![Math.floor(x / BLOCK)]!]!;
      data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

/** The block letter whose colour is nearest the pixel at the centre of block (col, row). */
function letterAt(img: Rgba8Image, col: number, row: number): string {
  const x = col * BLOCK + BLOCK / 2;
  const y = row * BLOCK + BLOCK / 2;
  const p = img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 3);
  let best = '?';
  let bestDistance = Infinity;
  for (const [letter, c] of Object.entries(COLOURS)) {
    const d = (p[0]! - c[0]) ** 2 + (p[1]! - c[1]) ** 2 + (p[2]! - c[2]) ** 2;
    if (d < bestDistance) [best, bestDistance] = [letter, d];
  }
  return best;
}

function readBlocks(img: Rgba8Image): string[] {
  return Array.from({ length: img.height / BLOCK }, (_, row) =>
    Array.from({ length: img.width / BLOCK }, (_, col) => letterAt(img, col, row)).join(''),
  );
}

/** A TIFF structure with one IFD0 entry, Orientation = `value`, in either byte order. */
function tiffWithOrientation(value: number, little: boolean): Uint8Array {
  const tiff = new Uint8Array(8 + 2 + 12 + 4);
  const view = new DataView(tiff.buffer);
  tiff.set(little ? [0x49, 0x49] : [0x4d, 0x4d]);
  view.setUint16(2, 42, little);
  view.setUint32(4, 8, little);
  view.setUint16(8, 1, little); // one entry
  view.setUint16(10, 0x0112, little); // Orientation
  view.setUint16(12, 3, little); // SHORT
  view.setUint32(14, 1, little); // count
  view.setUint16(18, value, little);
  return tiff; // next-IFD offset 0
}

/** A JPEG of `img` with an APP1 EXIF segment right after SOI, where cameras put it. */
function jpegWithExif(img: Rgba8Image, orientation: number, little: boolean): Uint8Array {
  const plain = new Uint8Array(jpeg.encode(img, 95).data);
  const payload = new Uint8Array([0x45, 0x78, 0x69, 0x66, 0, 0, ...tiffWithOrientation(orientation, little)]);
  const app1 = new Uint8Array([
    0xff,
    0xe1,
    (payload.length + 2) >> 8,
    (payload.length + 2) & 0xff,
    ...payload,
  ]);
  return new Uint8Array([...plain.subarray(0, 2), ...app1, ...plain.subarray(2)]);
}

/** A PNG of `img` with an eXIf chunk before the image data (PNG 1.5 extension). */
function pngWithExif(img: Rgba8Image, orientation: number): Uint8Array {
  const plain = encodeFastPng({
    width: img.width,
    height: img.height,
    data: img.data,
    depth: 8,
    channels: 4,
  });
  return withChunkAfterHeader(plain, pngChunk('eXIf', tiffWithOrientation(orientation, false)));
}

describe('EXIF orientation', () => {
  for (const orientation of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`turns a JPEG with orientation ${orientation} upright (both TIFF byte orders)`, () => {
      const stored = blocks(STORED[orientation]!);
      for (const little of [true, false]) {
        const img = decodeImage(jpegWithExif(stored, orientation, little), `photo-${orientation}.jpg`);
        expect([img.width, img.height]).toEqual([3 * BLOCK, 2 * BLOCK]);
        expect(readBlocks(img)).toEqual(['ABC', 'DEF']);
      }
    });

    it(`turns a PNG with an eXIf orientation ${orientation} upright, pixel for pixel`, () => {
      const img = decodeImage(
        pngWithExif(blocks(STORED[orientation]!), orientation),
        `shot-${orientation}.png`,
      );
      expect(img.width).toBe(3 * BLOCK);
      expect(Array.from(img.data)).toEqual(Array.from(blocks(['ABC', 'DEF']).data));
    });
  }

  it('shows the stored pixels when the EXIF block is damaged or names no valid orientation', () => {
    const stored = blocks(STORED[6]!);
    for (const bad of [0, 9, 0xffff]) {
      expect(readBlocks(decodeImage(jpegWithExif(stored, bad, true), 'odd.jpg'))).toEqual(STORED[6]);
    }
    const jpg = jpegWithExif(stored, 6, true);
    const ifd = jpg.indexOf(0x49, 4) + 4; // "II*\0" then the IFD offset
    jpg[ifd] = 0xf0; // IFD0 offset points past the segment
    expect(readBlocks(decodeImage(jpg, 'odd.jpg'))).toEqual(STORED[6]);
  });
});
