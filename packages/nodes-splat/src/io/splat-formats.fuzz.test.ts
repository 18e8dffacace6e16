import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkValue, GaussianCloud } from '@ffavatar/core';
import {
  DEFAULT_BUDGET,
  FUZZ_RUNS,
  damaged,
  expectValueOrError,
  expectValueOrErrorAsync,
} from '../test-support/fuzz-bytes.js';
import { randomCloud } from '../test-support/random-cloud.js';
import { readGaussianGlb } from './gltf-read.js';
import { writeGaussianGlb } from './gltf-write.js';
import { readSplat, writeSplat } from './splat-format.js';
import { readSpz, writeSpz } from './spz-format.js';

// Truncated and bit-flipped SPZ, .splat and GLB files: a valid cloud or an Error naming the file,
// quickly, without allocating for counts a damaged header invents. SPZ is fuzzed twice: as a
// file (mostly gzip CRC failures) and inside the gzip (the header and payload the reader parses).

const cloud = randomCloud(40, 2, 31, { center: [0, 0, 0], spread: 0.4 });
const valid = (c: GaussianCloud) => expect(checkValue(GaussianCloud, c)).toBeNull();

describe('SPZ, .splat and GLB reading on damaged files', () => {
  it('SPZ file bytes', async () => {
    const good = await writeSpz(cloud);
    await fc.assert(
      fc.asyncProperty(damaged(good), (bytes) =>
        expectValueOrErrorAsync('a.spz', bytes, () => readSpz(bytes, 'a.spz'), valid, DEFAULT_BUDGET),
      ),
      FUZZ_RUNS,
    );
  });

  it('SPZ payload (damaged, then gzipped again)', async () => {
    const inner = new Uint8Array(gunzipSync(await writeSpz(cloud)));
    await fc.assert(
      fc.asyncProperty(damaged(inner), (payload) => {
        const bytes = new Uint8Array(gzipSync(payload));
        return expectValueOrErrorAsync('b.spz', bytes, () => readSpz(bytes, 'b.spz'), valid, DEFAULT_BUDGET);
      }),
      FUZZ_RUNS,
    );
  });

  it('SPZ version 4 (zstd streams)', async () => {
    const good = new Uint8Array(
      readFileSync(fileURLToPath(new URL('./test-fixtures/random30-sh1-v4.spz', import.meta.url))),
    );
    await fc.assert(
      fc.asyncProperty(damaged(good), (bytes) =>
        expectValueOrErrorAsync('e.spz', bytes, () => readSpz(bytes, 'e.spz'), valid, DEFAULT_BUDGET),
      ),
      FUZZ_RUNS,
    );
  });

  it('.splat', () => {
    const good = writeSplat(cloud);
    fc.assert(
      fc.property(damaged(good), (bytes) =>
        expectValueOrError('c.splat', bytes, () => readSplat(bytes, 'c.splat'), valid, DEFAULT_BUDGET),
      ),
      FUZZ_RUNS,
    );
  });

  it('GLB', async () => {
    const good = await writeGaussianGlb(cloud);
    await fc.assert(
      fc.asyncProperty(damaged(good), (bytes) =>
        expectValueOrErrorAsync('d.glb', bytes, () => readGaussianGlb(bytes, 'd.glb'), valid, DEFAULT_BUDGET),
      ),
      FUZZ_RUNS,
    );
  });
});
