import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeImage, encodeJpeg, encodePng, type Rgba8Image } from './image-codec.js';
import { readNpy, writeNpy, type NdArray } from './npy.js';
import { readNpz, writeNpz } from './npz.js';
import { FUZZ_RUNS, damaged, expectValueOrError } from './test-support/fuzz-bytes.js';

// Truncated and bit-flipped copies of good files: every reader gives a valid value or an Error
// naming the file, quickly and without allocating for sizes a damaged header invents.

function noise(width: number, height: number, seed: number): Rgba8Image {
  const data = new Uint8Array(width * height * 4);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = i % 4 === 3 ? 255 : (s >>> 16) & 0xff;
  }
  return { width, height, data };
}

/** A JPEG with an EXIF APP1 (orientation 6), so the EXIF walk is fuzzed too. */
function jpegWithExif(img: Rgba8Image): Uint8Array {
  const plain = encodeJpeg(img, 80);
  const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0];
  const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  return new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0, payload.length + 2, ...payload, ...plain.subarray(2)]);
}

function checkImage(img: Rgba8Image): void {
  expect(img.width).toBeGreaterThan(0);
  expect(img.height).toBeGreaterThan(0);
  expect(img.data.length).toBe(img.width * img.height * 4);
}

function checkArray(arr: NdArray): void {
  expect(arr.data.length).toBe(arr.shape.reduce((a, b) => a * b, 1));
}

const imageSeeds: [string, Uint8Array][] = [
  ['noise.png', encodePng(noise(24, 16, 1))],
  ['photo.jpg', jpegWithExif(noise(24, 16, 2))],
  ['plain.jpg', encodeJpeg(noise(17, 9, 3), 60)],
];

describe('image decoding on damaged files', () => {
  for (const [name, good] of imageSeeds) {
    it(`${name}: a value or an Error naming the file, within budget`, () => {
      fc.assert(
        fc.property(damaged(good), (bytes) => {
          expectValueOrError(name, bytes, () => decodeImage(bytes, name), checkImage);
        }),
        FUZZ_RUNS,
      );
    });
  }
});

describe('npy and npz on damaged files', () => {
  const f32: NdArray = {
    dtype: 'f32',
    shape: [3, 4],
    data: Float32Array.from({ length: 12 }, (_, i) => i / 3),
  };
  const str: NdArray = { dtype: 'str', shape: [2], data: ['left_eye', 'jaw'] };
  const big: NdArray = { dtype: 'i64', shape: [2, 2], data: BigInt64Array.from([1n, -2n, 3n, 4n]) };

  it('npy: a value or an Error naming the file', () => {
    for (const [name, good] of [
      ['f32.npy', writeNpy(f32)],
      ['str.npy', writeNpy(str)],
    ] as const) {
      fc.assert(
        fc.property(damaged(good), (bytes) => {
          expectValueOrError(name, bytes, () => readNpy(bytes, name), checkArray);
        }),
        { ...FUZZ_RUNS, numRuns: Math.ceil((FUZZ_RUNS.numRuns * 2) / 3) },
      );
    }
  });

  for (const compress of [false, true]) {
    it(`npz (${compress ? 'deflated' : 'stored'}): a value or an Error naming the file`, () => {
      const good = writeNpz({ f32, str, big }, { compress });
      fc.assert(
        fc.property(damaged(good), (bytes) => {
          expectValueOrError(
            'asset.npz',
            bytes,
            () => readNpz(bytes, 'asset.npz'),
            (arrays) => Object.values(arrays).forEach(checkArray),
          );
        }),
        FUZZ_RUNS,
      );
    });
  }
});
