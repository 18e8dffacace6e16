// Our WebGPU rasterizer inside headless Chromium (fixtures/ours-page.ts through the package's browser
// entry), in the same browser and page as the peers: its image equals our CPU rasterizer's in Node,
// and its PSNR against Spark matches the CPU figure (PEERS.md).
import { writeFileSync } from 'node:fs';
import { encodePng } from '@ffavatar/core/io';
import { describe, expect, it } from 'vitest';
import { writeGaussianPly } from '../io/ply-gaussians.js';
import { NEAR_PLANE } from '../raster/project-cpu.js';
import { rasterizeCpu } from '../raster/rasterize-cpu.js';
import { compareRgba8, floatRgbaToRgba8, glReadbackToRgba8 } from './images.js';
import { PEER_OUT as OUT, peerHarnessForTests } from './peer-tests.js';
import { PEER_BACKGROUND, peerScene } from './peer-scenes.js';
import { toThreeCamera } from './three-camera.js';

const { h, summary } = peerHarnessForTests('summary-webgpu.json');

/** Mean absolute difference per channel (R, G, B, A) of two float RGBA images. */
function meanAbsPerChannel(a: Float32Array, b: Float32Array): number[] {
  const sums = [0, 0, 0, 0];
  for (let i = 0; i < a.length; i++) sums[i % 4]! += Math.abs(a[i]! - b[i]!);
  return sums.map((s) => s / (a.length / 4));
}

describe('our rasterizer on WebGPU in headless Chromium (PEERS.md)', { timeout: 60_000 }, () => {
  it('gets a WebGPU adapter in the page', async () => {
    const info = await h().webGpuInfo();
    summary.push({ id: 'adapter', ...info });
    expect(info.vendor ?? info.architecture ?? info.description).toBeTruthy();
  });

  it.each([
    ['sh0', 6000, 0, 11],
    ['sh3', 20000, 3, 13],
  ] as const)(
    '%s: WebGPU in Chromium equals the CPU rasterizer in Node (mean abs <= 1/255 per channel)',
    async (name, n, deg, seed) => {
      const s = peerScene(name, n, deg, seed);
      const url = h().serve(`/webgpu/${name}.ply`, writeGaussianPly(s.cloud));
      const gpu = await h().renderOurs({ plyUrl: url, camera: s.camera, background: PEER_BACKGROUND });
      const cpu = rasterizeCpu(s.cloud, s.camera, { background: PEER_BACKGROUND }).rgba;
      expect(gpu.realm).toBe('page');
      expect(gpu.pixels.length).toBe(cpu.length);
      const mad = meanAbsPerChannel(gpu.pixels, cpu);
      const img = floatRgbaToRgba8(gpu.pixels, s.camera.width, s.camera.height);
      writeFileSync(`${OUT}${name}-ours-webgpu-chromium.png`, encodePng(img));
      const vsCpu8 = compareRgba8(floatRgbaToRgba8(cpu, s.camera.width, s.camera.height), img);
      summary.push({
        id: `${name}-webgpu-vs-cpu`,
        gaussians: n,
        meanAbsPerChannel: mad,
        psnr8: vsCpu8.psnr,
        visible: gpu.visible,
        pairs: gpu.pairs,
        blend: gpu.blend,
      });
      for (const m of mad) expect(m).toBeLessThanOrEqual(1 / 255);
    },
  );

  it('sh0: PSNR against Spark is the CPU figure (62.8 dB)', async () => {
    const s = peerScene('sh0', 6000, 0, 11);
    const url = h().serve('/webgpu/sh0-spark.ply', writeGaussianPly(s.cloud));
    const { width, height } = s.camera;
    const spark = await h().render({
      peer: 'spark',
      plyUrl: url,
      camera: toThreeCamera(s.camera, NEAR_PLANE, 1000),
      background: PEER_BACKGROUND,
      target: 'float32',
    });
    const sparkImg = glReadbackToRgba8(spark.pixels, width, height);
    const gpu = await h().renderOurs({ plyUrl: url, camera: s.camera, background: PEER_BACKGROUND });
    const webgpu = compareRgba8(floatRgbaToRgba8(gpu.pixels, width, height), sparkImg);
    const cpu = compareRgba8(
      floatRgbaToRgba8(rasterizeCpu(s.cloud, s.camera, { background: PEER_BACKGROUND }).rgba, width, height),
      sparkImg,
    );
    summary.push({
      id: 'sh0-spark-webgpu',
      psnrWebGpuVsSpark: webgpu.psnr,
      psnrCpuVsSpark: cpu.psnr,
      meanAbsWebGpu: webgpu.meanAbs,
      meanAbsCpu: cpu.meanAbs,
    });
    console.log(
      `sh0 vs Spark: ours WebGPU in Chromium ${webgpu.psnr.toFixed(2)} dB, ours CPU in Node ${cpu.psnr.toFixed(2)} dB`,
    );
    expect(webgpu.psnr).toBeGreaterThan(58);
    expect(Math.abs(webgpu.psnr - cpu.psnr)).toBeLessThan(1.5);
  });

  it('gets a WebGPU adapter inside a dedicated Web Worker of the page', async () => {
    const info = await h().webGpuInfo('worker');
    summary.push({ id: 'adapter-worker', ...info });
    expect(info.vendor ?? info.architecture ?? info.description).toBeTruthy();
  });

  it.each([
    ['sh0', 6000, 0, 11],
    ['sh3', 20000, 3, 13],
  ] as const)(
    '%s: WebGPU in a Web Worker in Chromium equals the CPU rasterizer in Node (mean abs <= 1/255 per channel)',
    async (name, n, deg, seed) => {
      const s = peerScene(name, n, deg, seed);
      const url = h().serve(`/webgpu/${name}-worker.ply`, writeGaussianPly(s.cloud));
      const gpu = await h().renderOurs(
        { plyUrl: url, camera: s.camera, background: PEER_BACKGROUND },
        60_000,
        'worker',
      );
      expect(gpu.realm).toBe('worker');
      const cpu = rasterizeCpu(s.cloud, s.camera, { background: PEER_BACKGROUND }).rgba;
      expect(gpu.pixels.length).toBe(cpu.length);
      const mad = meanAbsPerChannel(gpu.pixels, cpu);
      const img = floatRgbaToRgba8(gpu.pixels, s.camera.width, s.camera.height);
      writeFileSync(`${OUT}${name}-ours-webgpu-chromium-worker.png`, encodePng(img));
      const vsCpu8 = compareRgba8(floatRgbaToRgba8(cpu, s.camera.width, s.camera.height), img);
      summary.push({
        id: `${name}-webgpu-worker-vs-cpu`,
        gaussians: n,
        meanAbsPerChannel: mad,
        psnr8: vsCpu8.psnr,
        visible: gpu.visible,
        pairs: gpu.pairs,
        blend: gpu.blend,
      });
      console.log(
        `${name}: WebGPU in a Chromium worker vs CPU in Node, mean abs per channel ${mad.map((m) => m.toExponential(1)).join(', ')}`,
      );
      for (const m of mad) expect(m).toBeLessThanOrEqual(1 / 255);
    },
  );

  it('no error reached the page', () => {
    expect(h().pageErrors).toEqual([]);
  });
});
