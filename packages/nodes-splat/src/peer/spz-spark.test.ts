// Issue 21's independent reader for SPZ: files written by writeSpz, loaded by Spark's own SPZ
// decoder (Rust/wasm, in its worker) in headless Chromium and rendered with the settings matched to
// 3DGS (PEERS.md), against our CPU rasterizer. Two references: the cloud as we hold it (what the
// export costs in all) and the cloud our reader decodes from the same file (how well Spark and we
// agree on what the file says). Images land in test-output/peer/ (spz-*.png).
import { writeFileSync } from 'node:fs';
import { encodePng, type Rgba8Image } from '@ffavatar/core/io';
import { lookAtCamera } from '@ffavatar/core/geometry';
import type { Camera, GaussianCloud } from '@ffavatar/core';
import { describe, expect, it } from 'vitest';
import { readSpz, writeSpz } from '../io/spz-format.js';
import { NEAR_PLANE } from '../raster/project-cpu.js';
import { rasterizeCpu } from '../raster/rasterize-cpu.js';
import { headLikeCloud } from '../test-support/head-like-cloud.js';
import { compareRgba8, diffImage, floatRgbaToRgba8, glReadbackToRgba8 } from './images.js';
import { PEER_OUT as OUT, peerHarnessForTests } from './peer-tests.js';
import { PEER_BACKGROUND, peerScene } from './peer-scenes.js';
import { toThreeCamera } from './three-camera.js';

const { h, summary } = peerHarnessForTests('spz-summary.json');

const ours = (cloud: GaussianCloud, cam: Camera): Rgba8Image =>
  floatRgbaToRgba8(rasterizeCpu(cloud, cam, { background: PEER_BACKGROUND }).rgba, cam.width, cam.height);

interface Case {
  id: string;
  cloud: GaussianCloud;
  camera: Camera;
  /** Spark's PackedSplats input keeps SH unclipped (peer-check.test.ts); degree 0 uses its default. */
  extSplats: boolean;
}

const random = peerScene('sh0', 6000, 0, 11);
const randomSh = peerScene('sh2', 12000, 2, 12);
const head: Case = {
  id: 'spz-head',
  // A head-sized shell of flat, mostly opaque Gaussians, seen three-quarter from the front (+z).
  cloud: { ...headLikeCloud(40_000, 3), shDegree: 0, sh: degree0(headLikeCloud(40_000, 3)) },
  camera: lookAtCamera({
    eye: [0.25, 0.08, 0.55],
    target: [0, 0, 0],
    width: 320,
    height: 320,
    fovYDegrees: 40,
  }),
  extSplats: true,
};

function degree0(c: GaussianCloud): Float32Array {
  const k = (c.shDegree + 1) ** 2;
  const sh = new Float32Array(c.count * 3);
  for (let i = 0; i < c.count; i++) sh.set(c.sh.subarray(i * k * 3, i * k * 3 + 3), i * 3);
  return sh;
}

describe('Spark renders our SPZ like our rasterizer does', { timeout: 120_000 }, () => {
  it.each([
    // case, min PSNR vs our render of the decoded file, min PSNR vs the cloud as held: the figures
    // measured on SwiftShader (63.3 / 52.0, 48.2 / 46.9, 56.1 / 54.2 dB) minus about 3 dB.
    [{ id: 'spz-sh0', cloud: random.cloud, camera: random.camera, extSplats: true }, 60, 49],
    [{ id: 'spz-sh2', cloud: randomSh.cloud, camera: randomSh.camera, extSplats: false }, 45, 43],
    [head, 53, 51],
  ] as const)(
    '$id: every Gaussian loads; PSNR above the measured bound',
    async (c: Case, minDecoded, minHeld) => {
      const spz = await writeSpz(c.cloud);
      const url = h().serve(`/scenes/${c.id}.spz`, spz);
      const decoded = await readSpz(spz, `${c.id}.spz`);
      const r = await h().render({
        peer: 'spark',
        plyUrl: url,
        camera: toThreeCamera(c.camera, NEAR_PLANE, 1000),
        background: PEER_BACKGROUND,
        target: 'float32',
        spark: { extSplats: c.extSplats },
      });
      const spark = glReadbackToRgba8(r.pixels, c.camera.width, c.camera.height);
      const refDecoded = ours(decoded, c.camera);
      const refHeld = ours(c.cloud, c.camera);
      const vsDecoded = compareRgba8(refDecoded, spark);
      const vsHeld = compareRgba8(refHeld, spark);
      const oursDecodedVsHeld = compareRgba8(refHeld, refDecoded);
      writeFileSync(`${OUT}${c.id}-spark.png`, encodePng(spark));
      writeFileSync(`${OUT}${c.id}-ours.png`, encodePng(refDecoded));
      writeFileSync(`${OUT}${c.id}-diff.png`, encodePng(diffImage(refDecoded, spark)));
      summary.push({
        id: c.id,
        gaussians: c.cloud.count,
        shDegree: c.cloud.shDegree,
        spzBytes: spz.length,
        plyBytes: c.cloud.count * (62 - 45 + 3 * ((c.cloud.shDegree + 1) ** 2 - 1)) * 4,
        sparkVsOursDecoded: vsDecoded,
        sparkVsOursHeld: vsHeld,
        oursDecodedVsHeld,
        info: r.info,
      });
      expect(r.info.numSplats).toBe(c.cloud.count);
      expect(vsDecoded.psnr).toBeGreaterThan(minDecoded);
      expect(vsHeld.psnr).toBeGreaterThan(minHeld);
    },
  );
});
