// The kernels and device acquisition in a real Chromium (SwiftShader behind its WebGPU), in the page
// and in a module worker: one bundle serves as both, bundled from the string below so the test
// needs no fixture files.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingChromium, openTestPage, type TestPage } from './test-support/chromium.js';

const CHECK = `
import { acquireGpu } from './gpu-device.ts';
import { exclusiveScanU32 } from '../gpu/scan-u32.ts';
import { exclusiveScanU32Cpu } from '../gpu/scan-u32-cpu.ts';
import { radixSortKeyValueU32 } from '../gpu/radix-sort-u32.ts';
import { radixSortKeyValueU32Cpu } from '../gpu/radix-sort-u32-cpu.ts';
import { preferredBackend } from '../gpu/backend-choice.ts';

const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);
async function check() {
  const ctx = await acquireGpu();
  const n = 100003;
  const keys = new Uint32Array(n).map(() => (Math.random() * 2 ** 32) >>> 0);
  const values = Uint32Array.from({ length: n }, (_, i) => i);
  const scan = same(await exclusiveScanU32(ctx.device, keys), exclusiveScanU32Cpu(keys));
  const sorts = [];
  for (const keyBits of [16, 32]) {
    const g = await radixSortKeyValueU32(ctx.device, keys, values, { keyBits });
    const c = radixSortKeyValueU32Cpu(keys, values, { keyBits });
    sorts.push(same(g.keys, c.keys) && same(g.values, c.values));
  }
  return { adapterInfo: ctx.adapterInfo, isSoftware: ctx.isSoftware, cached: (await acquireGpu()) === ctx,
           maxStorage: ctx.limits.maxStorageBufferBindingSize, scan, sorts, backend: preferredBackend(ctx, 'auto') };
}
const report = (p) => p.then((r) => ({ ok: true, ...r }), (e) => ({ ok: false, error: e.name + ': ' + e.message }));

if (typeof window === 'undefined') {
  report(check()).then((r) => postMessage(r));
} else {
  globalThis.gpuCheck = {
    page: () => report(check()),
    worker: () => new Promise((resolve) => {
      const w = new Worker('/gpu-check.js', { type: 'module' });
      w.onmessage = (e) => { resolve(e.data); w.terminate(); }; // idle by then: safe to terminate
      w.onerror = (e) => resolve({ ok: false, error: e.message });
    }),
  };
}
`;

let chromium: TestPage | undefined;
let missingBrowser: Error | undefined;

async function bundle(): Promise<string> {
  const result = await build({
    stdin: {
      contents: CHECK,
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
      loader: 'ts',
      sourcefile: 'gpu-check.ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

beforeAll(async () => {
  missingBrowser = missingChromium('this test');
  if (missingBrowser) return;
  chromium = await openTestPage({
    script: '/gpu-check.js',
    global: 'gpuCheck',
    // WebGPU is off in headless Linux Chromium unless asked for; SwiftShader backs it without a GPU.
    args: ['--enable-unsafe-webgpu'],
    async prepare() {
      const js = await bundle();
      return (path) => (path === '/gpu-check.js' ? { type: 'text/javascript', body: js } : undefined);
    },
  });
}, 30_000);

afterAll(async () => {
  await chromium?.close();
});

async function run(where: 'page' | 'worker') {
  if (missingBrowser) throw missingBrowser;
  return chromium!.call(where);
}

describe('acquireGpu (browser, navigator.gpu)', () => {
  it.each(['page', 'worker'] as const)(
    'acquires a device in a %s and the kernels match the CPU there',
    async (where) => {
      const r = await run(where);
      expect(r.ok, r.error).toBe(true);
      expect(r).toMatchObject({ cached: true, scan: true, sorts: [true, true] });
      expect(r.maxStorage).toBeGreaterThan(128 * 1024 * 1024);
      // Chromium names SwiftShader (vendor google, architecture swiftshader) and flags it fallback.
      if (/swiftshader/i.test(JSON.stringify(r.adapterInfo))) {
        expect(r.isSoftware).toBe(true);
        expect(r.backend.backend).toBe('cpu');
      }
    },
    60_000,
  );
});
