// The kernels and device acquisition in a real Chromium (SwiftShader behind its WebGPU), in the page
// and in a module worker: one bundle serves as both, bundled from the string below so the test
// needs no fixture files.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = process.env.FFAVATAR_CHROMIUM ?? '/usr/bin/chromium';

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

let server: Server | undefined;
let browser: Browser | undefined;
let page: Page;
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
  if (!existsSync(CHROMIUM)) {
    missingBrowser = new Error(
      `Chromium not found at ${CHROMIUM}: this test needs a real browser. Install it with \`apt-get install -y chromium\` (Debian), or set FFAVATAR_CHROMIUM. Do not run \`npx playwright install\`.`,
    );
    return;
  }
  const [js] = await Promise.all([
    bundle(),
    chromium
      .launch({
        executablePath: CHROMIUM,
        headless: true,
        // WebGPU is off in headless Linux Chromium unless asked for; SwiftShader backs it without a GPU.
        args: [
          '--no-sandbox',
          '--enable-unsafe-webgpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
        ],
      })
      .then((b) => {
        browser = b;
      }),
  ]);
  server = await new Promise<Server>((resolve, reject) => {
    const s = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/')
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<!doctype html><script type="module" src="/gpu-check.js"></script>');
      else if (path === '/gpu-check.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
      else res.writeHead(404).end();
    });
    s.once('error', reject);
    // 127.0.0.1 is a secure context: navigator.gpu exists only in those.
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
  page = await browser!.newPage();
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.waitForFunction(() => 'gpuCheck' in globalThis, undefined, { timeout: 10_000 });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
});

async function run(where: 'page' | 'worker') {
  if (missingBrowser) throw missingBrowser;
  return page.evaluate((w) => (globalThis as any).gpuCheck[w](), where);
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
