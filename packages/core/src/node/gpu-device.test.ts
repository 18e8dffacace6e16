// Node device acquisition through Dawn: SwiftShader on machines without a GPU. No adapter fails
// these tests with what to install; they never skip.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { preferredBackend } from '../gpu/backend-choice.js';
import { exclusiveScanU32 } from '../gpu/scan-u32.js';
import { SWIFTSHADER_ICD, acquireGpu } from './gpu-device.js';

const here = dirname(fileURLToPath(import.meta.url));
const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
const tsxApi = pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href;
const tsxCli = join(tsxDir, 'dist/cli.mjs');

describe('acquireGpu (Node, Dawn)', () => {
  it('adds SwiftShader to the Vulkan drivers when installed, without hiding a real GPU', () => {
    if (existsSync(SWIFTSHADER_ICD) && !process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES) {
      expect(process.env.VK_ADD_DRIVER_FILES?.split(':')).toContain(SWIFTSHADER_ICD);
    }
  });

  it('gives one cached context per thread, with the adapter described and compute limits raised', async () => {
    const first = acquireGpu();
    expect(acquireGpu()).toBe(first);
    const ctx = await first;
    expect(await acquireGpu()).toBe(ctx);
    const text = JSON.stringify(ctx.adapterInfo);
    expect(ctx.adapterInfo.vendor + ctx.adapterInfo.architecture + ctx.adapterInfo.description).not.toBe('');
    if (/swiftshader/i.test(text)) expect(ctx.isSoftware).toBe(true);
    // Asked at the adapter's maximum: above WebGPU's 128 MiB default on every adapter we meet.
    expect(ctx.limits.maxStorageBufferBindingSize).toBeGreaterThan(128 * 1024 * 1024);
    expect(ctx.limits.maxStorageBufferBindingSize).toBe(ctx.device.limits.maxStorageBufferBindingSize);
    expect(ctx.limits.maxComputeInvocationsPerWorkgroup).toBeGreaterThanOrEqual(256);
    expect(JSON.parse(JSON.stringify(ctx.limits))).toEqual(ctx.limits); // plain data, for reports
    expect(await exclusiveScanU32(ctx.device, new Uint32Array([5, 1, 2]))).toEqual(
      new Uint32Array([0, 5, 6]),
    );
  });

  it('lets backend auto pick by adapter kind and say so', async () => {
    const ctx = await acquireGpu();
    const choice = preferredBackend(ctx, 'auto');
    expect(choice.backend).toBe(ctx.isSoftware ? 'cpu' : 'webgpu');
    expect(choice.reason).toMatch(ctx.isSoftware ? /software adapter/ : /hardware adapter/);
  });

  it('gives a worker_thread its own device; the worker finishes and exits by itself', async () => {
    // From source a worker needs tsx registered first (Node 20 cannot strip types).
    const code = `
      const { parentPort } = require('node:worker_threads');
      import(${JSON.stringify(tsxApi)})
        .then(({ register }) => { register(); return Promise.all([
          import(${JSON.stringify(pathToFileURL(join(here, 'gpu-device.ts')).href)}),
          import(${JSON.stringify(pathToFileURL(join(here, '../gpu/scan-u32.ts')).href)}),
        ]); })
        .then(async ([{ acquireGpu }, { exclusiveScanU32 }]) => {
          const ctx = await acquireGpu();
          const out = await exclusiveScanU32(ctx.device, new Uint32Array([1, 2, 3, 4]));
          parentPort.postMessage({ ok: true, out: [...out], isSoftware: ctx.isSoftware, same: (await acquireGpu()) === ctx });
        })
        .catch((err) => parentPort.postMessage({ ok: false, error: String(err && err.stack || err) }));
    `;
    const worker = new Worker(code, { eval: true });
    const reply = new Promise<any>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const exit = new Promise<number>((resolve) => worker.once('exit', resolve));
    const r = await reply;
    expect(r, r.error).toMatchObject({
      ok: true,
      out: [0, 1, 3, 6],
      same: true,
      isSoftware: (await acquireGpu()).isSoftware,
    });
    // Never terminate() a worker that may await GPU work (TOOLCHAIN.md): it exits once idle.
    expect(await exit).toBe(0);
  });

  /** acquireGpu in a fresh process (tsx) with the given Vulkan environment; prints the outcome. */
  async function acquireInChild(env: Record<string, string | undefined>): Promise<string> {
    const script = `import(${JSON.stringify(pathToFileURL(join(here, 'gpu-device.ts')).href)})
      .then((m) => m.acquireGpu())
      .then((c) => console.log('adapter ' + c.adapterInfo.architecture + ' software=' + c.isSoftware + ' VK_ICD_FILENAMES=' + process.env.VK_ICD_FILENAMES),
            (e) => console.log(e.name + ': ' + e.message));`;
    const clean = { ...process.env };
    for (const k of ['VK_ICD_FILENAMES', 'VK_DRIVER_FILES', 'VK_ADD_DRIVER_FILES']) delete clean[k];
    const { stdout } = await promisify(execFile)(process.execPath, [tsxCli, '-e', script], {
      env: { ...clean, ...env },
    });
    return stdout.trim();
  }

  it('finds SwiftShader with no Vulkan variables set, through VK_ADD_DRIVER_FILES', async () => {
    if (!existsSync(SWIFTSHADER_ICD))
      throw new Error(
        `SwiftShader is not installed (${SWIFTSHADER_ICD}): apt-get install chromium libvulkan1`,
      );
    // VK_ICD_FILENAMES stays unset: SwiftShader was added beside the system drivers, not substituted.
    expect(await acquireInChild({})).toMatch(/^adapter .*software=true VK_ICD_FILENAMES=undefined$/);
  });

  it("fails with what to install when the user's drivers give no adapter", async () => {
    const out = await acquireInChild({ VK_ICD_FILENAMES: '/nonexistent/icd.json' });
    expect(out).toMatch(/^GpuUnavailableError: no WebGPU adapter is available/);
    expect(out).toContain('VK_ICD_FILENAMES=/nonexistent/icd.json (/nonexistent/icd.json does not exist)');
    expect(out).toContain('apt-get install chromium libvulkan1');
  });

  it('forgets a lost device, so the next call acquires a new one', async () => {
    const ctx = await acquireGpu();
    ctx.device.destroy();
    await ctx.device.lost;
    const next = await acquireGpu();
    expect(next).not.toBe(ctx);
    expect(await exclusiveScanU32(next.device, new Uint32Array([7, 7]))).toEqual(new Uint32Array([0, 7]));
  });
});
