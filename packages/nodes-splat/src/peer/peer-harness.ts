// Node side of the peer check: bundles fixtures/peer-page.ts (three.js + the peers) with esbuild,
// serves it and the PLY files from 127.0.0.1, drives headless Chromium with playwright-core and
// decodes the pixels the page sends back. Used by peer-check.test.ts and peer-bench.ts.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { gltfTransformNodeIo } from '../test-support/esbuild-gltf-transform.js';
import type { OursRenderRequest, OursRenderResult } from './ours-protocol.js';
import type { PeerRenderRequest, PeerRenderResult } from './peer-protocol.js';

/** Debian's package; nothing is downloaded (never `npx playwright install`). */
const CHROMIUM = process.env.FFAVATAR_CHROMIUM ?? '/usr/bin/chromium';

/**
 * WebGL2 in headless Chromium without a GPU: ANGLE on SwiftShader (Vulkan on the CPU). Chromium
 * 156 refuses SwiftShader WebGL unless it is asked for explicitly (--enable-unsafe-swiftshader).
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  // Headless tabs are never "visible": keep timers and rAF at full speed for the workers' replies.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
  // WebGPU for our rasterizer in the same browser (fixtures/ours-page.ts): Dawn on SwiftShader's Vulkan.
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
];

class MissingChromiumError extends Error {
  constructor() {
    super(
      `Chromium not found at ${CHROMIUM}: the peer-renderer check needs a real browser. Install it with \`apt-get install -y chromium\` (Debian), or set FFAVATAR_CHROMIUM to a Chromium binary. Do not run \`npx playwright install\`.`,
    );
    this.name = 'MissingChromiumError';
  }
}

/** A fixture's source: next to this file when run from src (vitest, tsx), under src/ when run from dist/. */
function fixture(name: string): string {
  for (const rel of [`./fixtures/${name}`, `../../src/peer/fixtures/${name}`]) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error(`peer-harness: fixtures/${name} not found next to the harness or under src/peer/`);
}

/**
 * The page (three.js, the peers, ours) and the worker that runs ours off the main thread
 * (fixtures/ours-worker.ts), bundled for the browser with nothing external.
 */
async function bundlePage(): Promise<{ page: string; worker: string }> {
  const result = await build({
    entryPoints: { page: fixture('peer-page.ts'), 'ours-worker': fixture('ours-worker.ts') },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    outdir: '/bundle',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [gltfTransformNodeIo],
  });
  const js = (name: string) => {
    const f = result.outputFiles.find((o) => o.path.endsWith(`/${name}.js`));
    if (!f) throw new Error(`peer-harness: esbuild produced no ${name}.js`);
    return f.text;
  };
  return { page: js('page'), worker: js('ours-worker') };
}

export interface DecodedPeerResult extends Omit<PeerRenderResult, 'pixels'> {
  /** RGBA, bottom row first (GL order); float32 for render targets, 8-bit for the canvas. */
  pixels: Float32Array | Uint8Array;
}

export class PeerHarness {
  private constructor(
    private readonly browser: Browser,
    private readonly server: Server,
    private readonly page: Page,
    private readonly files: Map<string, Uint8Array>,
    readonly origin: string,
    readonly pageErrors: string[],
  ) {}

  /** Starts the server and the browser; throws MissingChromiumError when there is no Chromium. */
  static async start(): Promise<PeerHarness> {
    if (!existsSync(CHROMIUM)) throw new MissingChromiumError();
    const files = new Map<string, Uint8Array>();
    let browser: Browser | undefined;
    let server: Server | undefined;
    try {
      const [js, b] = await Promise.all([
        bundlePage(),
        chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS }),
      ]);
      browser = b;
      const html =
        '<!doctype html><meta charset="utf-8"><style>body{margin:0;background:#000}</style><script type="module" src="/page.js"></script>';
      const srv = createServer((req, res) => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        const head = { 'cache-control': 'no-store' };
        if (path === '/') {
          res.writeHead(200, { ...head, 'content-type': 'text/html; charset=utf-8' }).end(html);
          return;
        }
        if (path === '/page.js' || path === '/ours-worker.js') {
          res
            .writeHead(200, { ...head, 'content-type': 'text/javascript; charset=utf-8' })
            .end(path === '/page.js' ? js.page : js.worker);
          return;
        }
        const file = files.get(path);
        if (!file) {
          res.writeHead(404).end('not found');
          return;
        }
        res
          .writeHead(200, {
            ...head,
            'content-type': 'application/octet-stream',
            'content-length': file.byteLength,
          })
          .end(file);
      });
      server = srv;
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', () => resolve());
      });
      const origin = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (err) => pageErrors.push(err.message));
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => 'ffavatarPeer' in globalThis, undefined, { timeout: 20_000 });
      return new PeerHarness(browser, srv, page, files, origin, pageErrors);
    } catch (err) {
      await browser?.close();
      await new Promise((r) => (server ? server.close(r) : r(undefined)));
      throw err;
    }
  }

  /** The browser's version string, e.g. "156.0.7650.0". */
  get version(): string {
    return this.browser.version();
  }

  /** Serves `bytes` at `path` (e.g. '/scenes/sh0.ply'); returns the absolute URL. */
  serve(path: string, bytes: Uint8Array): string {
    this.files.set(path, bytes);
    return `${this.origin}${path}`;
  }

  glInfo(): Promise<Record<string, unknown>> {
    return this.page.evaluate(() => (globalThis as any).ffavatarPeer.glInfo());
  }

  /** Renders on the page; rejects after `timeoutMs` (a peer that never finishes loading must fail, not hang). */
  async render(req: PeerRenderRequest, timeoutMs = 60_000): Promise<DecodedPeerResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`peer ${req.peer} did not render ${req.plyUrl} within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    const r = await Promise.race([
      this.page.evaluate((q) => (globalThis as any).ffavatarPeer.render(q), req) as Promise<PeerRenderResult>,
      timeout,
    ]).finally(() => clearTimeout(timer));
    const bytes = Buffer.from(r.pixels, 'base64');
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    return { ...r, pixels: r.format === 'f32' ? new Float32Array(buf) : new Uint8Array(buf) };
  }

  /** The WebGPU adapter our rasterizer gets in this page (acquireGpu from @ffavatar/core/browser). */
  webGpuInfo(where: 'page' | 'worker' = 'page'): Promise<Record<string, unknown>> {
    return where === 'worker'
      ? this.page.evaluate(() => (globalThis as any).ffavatarOurs.infoInWorker())
      : this.page.evaluate(() => (globalThis as any).ffavatarOurs.info());
  }

  /**
   * Renders with our WebGPU rasterizer on the page's main thread or in its dedicated Web Worker
   * (fixtures/ours-worker.ts); `pixels` is RGBA f32, top row first.
   */
  async renderOurs(
    req: OursRenderRequest,
    timeoutMs = 60_000,
    where: 'page' | 'worker' = 'page',
  ): Promise<Omit<OursRenderResult, 'pixels'> & { pixels: Float32Array }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`our WebGPU rasterizer (${where}) did not render ${req.plyUrl} within ${timeoutMs} ms`),
          ),
        timeoutMs,
      );
    });
    const r = await Promise.race([
      (where === 'worker'
        ? this.page.evaluate((q) => (globalThis as any).ffavatarOurs.renderInWorker(q), req)
        : this.page.evaluate(
            (q) => (globalThis as any).ffavatarOurs.render(q),
            req,
          )) as Promise<OursRenderResult>,
      timeout,
    ]).finally(() => clearTimeout(timer));
    const bytes = Buffer.from(r.pixels, 'base64');
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    return { ...r, pixels: new Float32Array(buf) };
  }

  async close(): Promise<void> {
    await this.browser.close();
    await new Promise((r) => this.server.close(r));
  }
}
