import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkValue, GaussianCloud } from '@ffavatar/core';
import { DEFAULT_BUDGET, FUZZ_RUNS, damaged, expectValueOrError } from '../test-support/fuzz-bytes.js';
import { randomCloud } from '../test-support/random-cloud.js';
import { readGaussianPly, writeGaussianPly } from './ply-gaussians.js';

// Truncated and bit-flipped PLYs: a valid cloud or an Error naming the file, quickly, without
// allocating for counts a damaged header invents.

const enc = (s: string) => new TextEncoder().encode(s);

function asciiPly(): Uint8Array {
  const props = [
    'x',
    'y',
    'z',
    'f_dc_0',
    'f_dc_1',
    'f_dc_2',
    'opacity',
    'scale_0',
    'scale_1',
    'scale_2',
    'rot_0',
    'rot_1',
    'rot_2',
    'rot_3',
  ];
  const rows = [0, 1, 2].map((i) => props.map((_, c) => (i * 14 + c) / 7).join(' ')).join('\n');
  return enc(
    `ply\nformat ascii 1.0\nelement face 1\nproperty list uchar int vertex_indices\nelement vertex 3\n${props.map((p) => `property float ${p}\n`).join('')}end_header\n3 0 1 2\n${rows}\n`,
  );
}

/** A binary PLY with a face element (lists) before the vertices, so skipping is fuzzed too. */
function withFaces(ply: Uint8Array): Uint8Array {
  const text = new TextDecoder('latin1').decode(ply);
  const at = text.indexOf('element vertex');
  const end = text.indexOf('end_header\n') + 11;
  const header = enc(
    `${text.slice(0, at)}element face 2\nproperty list uchar int vertex_indices\n${text.slice(at, end)}`,
  );
  const faces = new Uint8Array([
    3, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0,
  ]);
  return new Uint8Array([...header, ...faces, ...ply.subarray(end)]);
}

const seeds: [string, Uint8Array][] = [
  ['splat.ply', writeGaussianPly(randomCloud(6, 1, 11))],
  ['faces.ply', withFaces(writeGaussianPly(randomCloud(4, 0, 12)))],
  ['hand.ply', asciiPly()],
];

describe('PLY reading on damaged files', () => {
  for (const [name, good] of seeds) {
    it(`${name}: a valid cloud or an Error naming the file, within budget`, () => {
      fc.assert(
        fc.property(damaged(good), (bytes) => {
          expectValueOrError(
            name,
            bytes,
            () => readGaussianPly(bytes, name),
            (cloud) => expect(checkValue(GaussianCloud, cloud)).toBeNull(),
            DEFAULT_BUDGET,
          );
        }),
        FUZZ_RUNS,
      );
    });
  }
});
