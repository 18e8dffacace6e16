// Shared by core's Chromium tests (browser-pool, gpu-device, webcodecs-video; not exported): Debian's
// Chromium launched headless, a page served from 127.0.0.1 (a secure context: navigator.gpu and
// WebCodecs exist only in those) and calls into the API object the page's script puts on globalThis.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';

// Debian's package; nothing is downloaded (never `npx playwright install` here). FFAVATAR_CHROMIUM
// points elsewhere on other systems.
const CHROMIUM = process.env.FFAVATAR_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * The error every test of a file fails with when there is no Chromium (set in beforeAll and thrown
 * from each test: vitest would only mark them skipped if beforeAll threw), or undefined.
 */
export function missingChromium(what: string): Error | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  return new Error(
    `Chromium not found at ${CHROMIUM}: ${what} needs a real browser. Install it with \`apt-get install -y chromium\` (Debian), or set FFAVATAR_CHROMIUM to a Chromium binary. Do not run \`npx playwright install\`.`,
  );
}

/** Bundles browser entries with esbuild: served path (`/<name>.js`) -> script. */
export async function bundleForBrowser(entryPoints: Record<string, string>): Promise<Map<string, string>> {
  const result = await build({
    entryPoints,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: '/bundle',
    write: false,
    logLevel: 'silent',
  });
  return new Map(result.outputFiles.map((f) => [`/${f.path.slice('/bundle/'.length)}`, f.text]));
}

export interface Route {
  readonly type: string;
  readonly body: string | Uint8Array;
}

export interface TestPageOptions {
  /** The page's module script, e.g. `/page.js`; `/` serves a page that loads it. */
  readonly script: string;
  /** The page's API object on globalThis, waited for before the page is handed over. */
  readonly global: string;
  /** Chromium flags beyond the usual ones (WebGPU's, say). */
  readonly args?: readonly string[];
  /** Prepares what the server serves besides `/` (bundling, say) while Chromium starts. */
  prepare(): Promise<(path: string) => Route | undefined>;
}

export interface TestPage {
  readonly page: Page;
  readonly origin: string;
  readonly pageErrors: string[];
  /** Calls `globalThis[global][name](...args)` in the page. */
  call<T = any>(name: string, ...args: unknown[]): Promise<T>;
  close(): Promise<void>;
}

function listen(script: string, route: (path: string) => Route | undefined): Promise<Server> {
  const html = `<!doctype html><meta charset="utf-8"><script type="module" src="${script}"></script>`;
  const s = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const r = path === '/' ? { type: 'text/html; charset=utf-8', body: html } : route(path);
    if (!r) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': r.type, 'cache-control': 'no-store' }).end(r.body);
  });
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

const closeServer = (s: Server) => new Promise((r) => s.close(r));

/**
 * Launches Chromium and prepares the routes at once, serves them, and opens the page until its API
 * object exists. Whatever fails on the way, the browser and the server are closed before it throws.
 * Check `missingChromium` first: without a browser this fails with playwright's message.
 */
export async function openTestPage(opts: TestPageOptions): Promise<TestPage> {
  const launching = chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(opts.args ?? [])],
  });
  let server: Server | undefined;
  try {
    const [browser, route] = await Promise.all([launching, opts.prepare()]);
    server = await listen(opts.script, route);
    const s = server;
    const origin = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${origin}/`);
    await page.waitForFunction((g) => g in globalThis, opts.global, { timeout: 10_000 });
    return {
      page,
      origin,
      pageErrors,
      call: (name, ...args) =>
        page.evaluate(([g, n, a]: readonly [string, string, unknown[]]) => (globalThis as any)[g][n](...a), [
          opts.global,
          name,
          args,
        ] as const),
      async close() {
        await browser.close();
        await closeServer(s);
      },
    };
  } catch (e) {
    await launching.then(
      (b) => b.close(),
      () => undefined,
    );
    if (server) await closeServer(server);
    throw e;
  }
}
