// The CPU rasterizer with its blend on worker_threads gives rasterizeCpu's pixels, bit for bit.
import { lookAtCamera } from '@ffavatar/core/geometry';
import { describe, expect, it } from 'vitest';
import { rasterizeCpu } from '../raster/rasterize-cpu.js';
import { headLikeCloud } from '../test-support/head-like-cloud.js';
import { randomCloud } from '../test-support/random-cloud.js';
import { CpuRasterPool, rasterizeCpuParallel } from './cpu-pool.js';

describe('CpuRasterPool', () => {
  it('blends on 2 and 3 workers with the same pixels as rasterizeCpu', async () => {
    const cases = [
      [
        randomCloud(4000, 3, 21, { center: [0, 0, 0] }),
        lookAtCamera({ eye: [0.3, -0.2, 3], target: [0, 0, 0], width: 123, height: 77, fovYDegrees: 40 }),
      ],
      [
        headLikeCloud(20000, 7),
        lookAtCamera({ eye: [0, 0, 0.6], target: [0, 0, 0], width: 160, height: 160, fovYDegrees: 30 }),
      ],
    ] as const;
    for (const threads of [2, 3]) {
      const pool = await CpuRasterPool.create(threads);
      try {
        expect(pool.threads).toBe(threads);
        for (const [cloud, cam] of cases) {
          const ref = rasterizeCpu(cloud, cam, { background: [0.2, 0.3, 0.4] });
          const got = await pool.rasterize(cloud, cam, { background: [0.2, 0.3, 0.4] });
          expect(Array.from(got.rgba)).toEqual(Array.from(ref.rgba));
          expect(Array.from(got.depth)).toEqual(Array.from(ref.depth));
        }
      } finally {
        await pool.destroy();
      }
    }
  }, 60_000);

  it('rasterizeCpuParallel: one frame on a temporary pool', async () => {
    const cloud = randomCloud(1000, 1, 5, { center: [0, 0, 0] });
    const cam = lookAtCamera({ eye: [0, 0, 3], target: [0, 0, 0], width: 40, height: 30, fovYDegrees: 40 });
    const got = await rasterizeCpuParallel(cloud, cam, { threads: 2 });
    expect(Array.from(got.rgba)).toEqual(Array.from(rasterizeCpu(cloud, cam).rgba));
  }, 30_000);
});
