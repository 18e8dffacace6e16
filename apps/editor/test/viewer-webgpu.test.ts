// The 3D viewer's two backends in Chromium (WebGPU on SwiftShader here): a PLY dropped on the
// canvas renders the same in the viewer's worker on WebGPU as on the CPU path, and orbiting works
// on both.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeImage } from '@ffavatar/core/io';
import { seededRandom, type GaussianCloud } from '@ffavatar/core';
import { writeGaussianPly } from '@ffavatar/nodes-splat';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { browserTests, dropFiles, openEditor, OUTPUT_DIR } from './harness.js';

const errors: string[] = [];
const { itBrowser, harness } = browserTests({ webgpu: true });

/** Overlapping anisotropic Gaussians with SH degree 1 around the origin, a head-sized blob. */
function testCloud(count: number): GaussianCloud {
  const rnd = seededRandom(11);
  const n = count,
    coeffs = 4;
  const cloud: GaussianCloud = {
    count: n,
    shDegree: 1,
    means: new Float32Array(n * 3),
    logScales: new Float32Array(n * 3),
    rotations: new Float32Array(n * 4),
    logitOpacities: new Float32Array(n),
    sh: new Float32Array(n * coeffs * 3),
  };
  for (let i = 0; i < n; i++) {
    const u = rnd() * 2 - 1,
      phi = rnd() * Math.PI * 2,
      r = 0.09 * Math.cbrt(rnd());
    const s = Math.sqrt(1 - u * u);
    cloud.means.set([r * s * Math.cos(phi), r * u * 1.2, r * s * Math.sin(phi)], i * 3);
    cloud.logScales.set(
      [Math.log(0.002 + 0.01 * rnd()), Math.log(0.002 + 0.006 * rnd()), Math.log(0.002 + 0.004 * rnd())],
      i * 3,
    );
    const q = [rnd() - 0.5, rnd() - 0.5, rnd() - 0.5, rnd() - 0.5];
    const qn = Math.hypot(...q);
    cloud.rotations.set(
      q.map((v) => v / qn),
      i * 4,
    );
    cloud.logitOpacities[i] = rnd() * 4 - 1;
    for (let k = 0; k < coeffs * 3; k++) cloud.sh[i * coeffs * 3 + k] = (rnd() * 2 - 1) * (k < 3 ? 1.5 : 0.4);
  }
  return cloud;
}

async function viewerShot(page: Page, backend: string, ply: number[], name: string): Promise<Buffer> {
  await dropFiles(page, [{ name: 'blob.ply', type: 'application/octet-stream', bytes: ply }]);
  await page.waitForSelector('[data-testid=viewer][data-kind=cloud]');
  await expect
    .poll(() => page.textContent('[data-testid=viewer] footer'), { timeout: 60_000 })
    .toMatch(new RegExp(`${backend} · \\d+ ms`));
  await page.waitForTimeout(300);
  return page.locator('[data-testid=viewer-canvas]').screenshot({ path: join(OUTPUT_DIR, name) });
}

function meanAbsDiff(a: Buffer, b: Buffer): { diff: number; spread: number } {
  const ia = decodeImage(new Uint8Array(a)),
    ib = decodeImage(new Uint8Array(b));
  let sum = 0,
    n = 0,
    lo = 255,
    hi = 0;
  for (let i = 0; i < ia.data.length; i += 4) {
    for (let k = 0; k < 3; k++) {
      sum += Math.abs(ia.data[i + k]! - ib.data[i + k]!);
      n++;
      lo = Math.min(lo, ia.data[i + k]!);
      hi = Math.max(hi, ia.data[i + k]!);
    }
  }
  return { diff: sum / n, spread: hi - lo };
}

describe('viewer backends (Chromium, WebGPU on SwiftShader)', () => {
  itBrowser(
    'a dropped PLY renders the same on WebGPU in the viewer worker as on the CPU',
    async () => {
      const ply = [...writeGaussianPly(testCloud(20_000))];
      writeFileSync(join(OUTPUT_DIR, 'viewer-test-cloud.ply'), Uint8Array.from(ply));
      const gpuPage = await openEditor(harness(), errors, '?viewerBackend=webgpu');
      const cpuPage = await openEditor(harness(), errors, '?viewerBackend=cpu');
      const gpu = await viewerShot(gpuPage, 'webgpu', ply, 'viewer-webgpu.png');
      const cpu = await viewerShot(cpuPage, 'cpu', ply, 'viewer-cpu.png');
      const { diff, spread } = meanAbsDiff(gpu, cpu);
      console.log(
        `viewer WebGPU vs CPU: mean abs diff ${diff.toFixed(3)} / 255; ${await gpuPage.textContent('[data-testid=viewer] footer')}; ${await cpuPage.textContent('[data-testid=viewer] footer')}`,
      );
      expect(spread).toBeGreaterThan(100);
      expect(diff).toBeLessThan(1);
      // Orbit on the WebGPU page: the view changes.
      const box = (await gpuPage.locator('[data-testid=viewer-canvas]').boundingBox())!;
      await gpuPage.mouse.move(box.x + 128, box.y + 128);
      await gpuPage.mouse.down();
      await gpuPage.mouse.move(box.x + 60, box.y + 110, { steps: 4 });
      await gpuPage.mouse.up();
      await gpuPage.waitForTimeout(1500);
      const turned = await gpuPage
        .locator('[data-testid=viewer-canvas]')
        .screenshot({ path: join(OUTPUT_DIR, 'viewer-webgpu-turned.png') });
      expect(meanAbsDiff(turned, gpu).diff).toBeGreaterThan(2);
      expect(errors).toEqual([]);
    },
    180_000,
  );
});

describe('run worker on WebGPU (Chromium, SwiftShader)', () => {
  itBrowser(
    "runs the learned graph in the editor's workers: learned stages on onnxruntime-web, the input render forced onto WebGPU",
    async () => {
      const page = await openEditor(harness(), errors);
      await page.selectOption('[data-testid=shipped]', 'ffavatar-learned.json');
      await page.waitForFunction(
        () => document.querySelector('[data-testid=graph-title]')?.textContent === 'ffavatar-learned.json',
      );
      // 'webgpu' (not 'auto', which keeps SwiftShader on the CPU path) fails the node when the worker has no adapter.
      await page.evaluate(() =>
        (globalThis as any).ffavatarEditor.setParam('inputRender', 'backend', 'webgpu'),
      );
      await page.click('[data-testid=run]');
      await page.waitForSelector('[data-testid=run][disabled]', { timeout: 5_000 }).catch(() => undefined);
      await page.waitForFunction(
        () => !document.querySelector('[data-testid=run]')?.hasAttribute('disabled'),
        undefined,
        { timeout: 240_000, polling: 500 },
      );
      const states = await page.$$eval('[data-testid=node]', (els) =>
        Object.fromEntries(
          els.map((e) => [
            e.getAttribute('data-node-id'),
            e.querySelector('.ff-run')?.getAttribute('data-run') ?? '',
          ]),
        ),
      );
      await page.screenshot({ path: join(OUTPUT_DIR, 'learned-run.png') });
      for (const [id, state] of Object.entries(states)) {
        if (/^save/.test(id)) expect(state, id).toBe('error');
        else
          expect(state, `${id}: ${await page.textContent(`[data-node-id=${id}] .ff-run`)}`).toMatch(
            /done|cached/,
          );
      }
      const src = await page.getAttribute('[data-node-id=inputRender] img.ff-thumb', 'src');
      const png = Buffer.from(src!.replace(/^data:image\/png;base64,/, ''), 'base64');
      writeFileSync(join(OUTPUT_DIR, 'learned-input-render-webgpu.png'), png);
      const img = decodeImage(new Uint8Array(png));
      let lit = 0;
      for (let i = 0; i < img.width * img.height; i++) if (img.data[i * 4]! > 60) lit++;
      expect(lit / (img.width * img.height)).toBeGreaterThan(0.05);
      expect(errors).toEqual([]);
    },
    300_000,
  );
});
