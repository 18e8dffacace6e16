// Headless Chromium for this package's browser tests and the ONNX bench: bundles page entries
// with esbuild, serves them with onnxruntime-web's .wasm files from node_modules (nothing is
// downloaded; every request is recorded), and launches Debian's Chromium with WebGPU on
// SwiftShader (Vulkan, CPU-emulated) unless the machine has a GPU Chromium picks instead.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's package; FFAVATAR_CHROMIUM points elsewhere. Never `npx playwright install`. */
const CHROMIUM = process.env.FFAVATAR_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // WebGPU in headless Chromium: unsafe-webgpu exposes navigator.gpu; Vulkan on SwiftShader gives
  // it an adapter on a machine without a GPU (a CPU emulation: correct, slow).
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
];

const require = createRequire(import.meta.url);

/** A sibling source module: `.ts` under vitest (src), `.js` when run from dist. */
export function sibling(name: string): string {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return fileURLToPath(new URL(`./${name}${ext}`, import.meta.url));
}

/** onnxruntime-web's dist folder: the `.wasm` binaries a browser bundle fetches beside itself. */
function ortDistDir(): string {
  return dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm'));
}

/** URL path -> file for every ort .wasm, under `prefix` (which must end in '/'). */
export function ortWasmRoutes(prefix: string): [string, string][] {
  const dir = ortDistDir();
  return readdirSync(dir)
    .filter((n) => /^ort-wasm-.*\.wasm$/.test(n))
    .map((n) => [`${prefix}${n}`, join(dir, n)]);
}

function missingChromiumError(what: string): Error | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  return new Error(
    `Chromium not found at ${CHROMIUM}: ${what} needs a real browser. Install it with \`apt-get install -y chromium\` (Debian), or set FFAVATAR_CHROMIUM to a Chromium binary. Do not run \`npx playwright install\`.`,
  );
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.onnx': 'application/octet-stream',
};

export interface ChromiumPage {
  readonly page: Page;
  readonly origin: string;
  /** Every URL the page and its workers requested. */
  readonly requests: string[];
  readonly pageErrors: string[];
  readonly consoleLines: string[];
  readonly browserVersion: string;
  /** Calls `globalThis[global][name](...args)` in the page. */
  call<T = any>(name: string, ...args: unknown[]): Promise<T>;
  close(): Promise<void>;
}

export interface ChromiumPageOptions {
  /** Bundle name (served as `/<name>.js`) -> entry file. The first is the page's script. */
  readonly entries: Record<string, string>;
  /** Extra URL path -> file on disk. */
  readonly files?: readonly [string, string][];
  /** Extra URL path -> bytes. */
  readonly bytes?: readonly [string, Uint8Array][];
  /** The page's API object on globalThis. */
  readonly global: string;
  readonly what: string;
  /** esbuild aliases, e.g. `{ 'onnxruntime-web': 'onnxruntime-web/wasm' }` for ort's plain wasm build. */
  readonly alias?: Record<string, string>;
}

export async function openChromiumPage(opts: ChromiumPageOptions): Promise<ChromiumPage> {
  const missing = missingChromiumError(opts.what);
  if (missing) throw missing;
  const result = await build({
    entryPoints: opts.entries,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: '/bundle',
    write: false,
    logLevel: 'silent',
    alias: opts.alias,
    // Aliases resolve from the working folder: this package's, where its node_modules are.
    absWorkingDir: fileURLToPath(new URL('../../', import.meta.url)),
  });
  const bundled = new Map<string, Uint8Array>(
    result.outputFiles.map((f) => [`/${f.path.slice('/bundle/'.length)}`, f.contents]),
  );
  for (const [path, data] of opts.bytes ?? []) bundled.set(path, data);
  const files = new Map(opts.files ?? []);
  const pageScript = `/${Object.keys(opts.entries)[0]}.js`;
  const server = await new Promise<Server>((resolve, reject) => {
    const s = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      let body: Uint8Array | string | undefined;
      if (path === '/')
        body = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="${pageScript}"></script>`;
      else body = bundled.get(path) ?? (files.has(path) ? readFileSync(files.get(path)!) : undefined);
      if (body === undefined) {
        res.writeHead(404).end('not found');
        return;
      }
      const type = path === '/' ? 'text/html' : (TYPES[extname(path)] ?? 'application/octet-stream');
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    });
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const requests: string[] = [],
      pageErrors: string[] = [],
      consoleLines: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('request', (req) => requests.push(req.url()));
    page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await page.goto(`${origin}/`);
    await page.waitForFunction((g) => g in globalThis, opts.global, { timeout: 30_000 });
    const b = browser;
    return {
      page,
      origin,
      requests,
      pageErrors,
      consoleLines,
      browserVersion: b.version(),
      call: (name, ...args) =>
        page.evaluate(([g, n, a]: readonly [string, string, unknown[]]) => (globalThis as any)[g][n](...a), [
          opts.global,
          name,
          args,
        ] as const),
      async close() {
        await b.close();
        await new Promise((r) => server.close(r));
      },
    };
  } catch (e) {
    await browser?.close();
    await new Promise((r) => server.close(r));
    throw e;
  }
}

/**
 * The ONNX page (`onnx-page.ts`) with ort's .wasm files served beside its bundle. `build`:
 * `default` is what a bundler picks for `onnxruntime-web` (the JSEP build: wasm and WebGPU);
 * `wasm` aliases it to `onnxruntime-web/wasm` (the plain SIMD wasm build Node runs; no WebGPU).
 */
export function openOnnxPage(what: string, build: 'default' | 'wasm' = 'default'): Promise<ChromiumPage> {
  return openChromiumPage({
    entries: { 'onnx-page': sibling('onnx-page') },
    files: ortWasmRoutes('/'),
    global: 'onnxTest',
    what,
    alias: build === 'wasm' ? { 'onnxruntime-web': 'onnxruntime-web/wasm' } : undefined,
  });
}
