// The browser worker pool in a real Chromium: bundles a page, the worker entry and a node package
// with esbuild, serves them from 127.0.0.1 and asserts from Node what the page reports.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Debian's package; nothing is downloaded (never `npx playwright install` here). FFAVATAR_CHROMIUM
// points elsewhere on other systems.
const CHROMIUM = process.env.FFAVATAR_CHROMIUM ?? '/usr/bin/chromium';

let server: Server | undefined;
let browser: Browser | undefined;
let page: Page;
let origin: string;
const pageErrors: string[] = [];
let missingBrowser: Error | undefined;

async function bundle(): Promise<Map<string, string>> {
  const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
  const result = await build({
    entryPoints: {
      page: here('./test-fixtures/page.ts'),
      'worker-entry': here('./worker-entry.ts'),
      'test-nodes': here('./test-fixtures/test-nodes.ts'),
    },
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

function serve(files: Map<string, string>): Promise<Server> {
  const routes = new Map<string, { type: string; body: string }>([
    [
      '/',
      {
        type: 'text/html',
        body: '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>',
      },
    ],
    ['/fixtures/hello.txt', { type: 'text/plain', body: 'hello from the server' }],
    ...[...files].map(([path, body]) => [path, { type: 'text/javascript', body }] as const),
  ]);
  const s = createServer((req, res) => {
    const route = routes.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!route) {
      res.writeHead(404).end('not found');
      return;
    }
    res
      .writeHead(200, { 'content-type': `${route.type}; charset=utf-8`, 'cache-control': 'no-store' })
      .end(route.body);
  });
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

function call<T = any>(name: string, ...args: unknown[]): Promise<T> {
  if (missingBrowser) throw missingBrowser;
  return page.evaluate(([n, a]) => (globalThis as any).ffavatarTest[n as string](...(a as unknown[])), [
    name,
    args,
  ] as const);
}

beforeAll(async () => {
  // Every test fails with this message (vitest would only mark them skipped if beforeAll threw).
  if (!existsSync(CHROMIUM)) {
    missingBrowser = new Error(
      `Chromium not found at ${CHROMIUM}: the browser pool test needs a real browser. Install it with \`apt-get install -y chromium\` (Debian), or set FFAVATAR_CHROMIUM to a Chromium binary. Do not run \`npx playwright install\`.`,
    );
    return;
  }
  // Launch and bundle at once; `browser` is set as soon as it exists so afterAll closes it either way.
  await Promise.all([
    chromium
      .launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      })
      .then((b) => {
        browser = b;
      }),
    bundle()
      .then(serve)
      .then((s) => {
        server = s;
      }),
  ]);
  origin = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  page = await browser!.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => 'ffavatarTest' in globalThis, undefined, { timeout: 10_000 });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
});

describe('browser worker pool (Chromium)', () => {
  it('moves a 64 MiB Float32Array by transfer: detached on the page, intact in the reply, with progress', async () => {
    const r = await call('transfer');
    expect(r.byteLengthBefore).toBe(64 * 1024 * 1024);
    expect(r.byteLengthAfterSend).toBe(0);
    expect(r.ok).toBe(true);
    expect(r.sum).toBe(((64 * 1024 * 1024) / 4) * 0.5);
    expect(r.backIsFloat32).toBe(true);
    expect(r.backLength).toBe((64 * 1024 * 1024) / 4);
    expect(r.intact).toBe(true);
    expect(r.progress).toEqual([
      [0, 'started'],
      [1, 'summed'],
    ]);
  });

  it("carries a throwing node's error in the reply", async () => {
    const r = await call('throwing');
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ name: 'Error', message: 'node exploded on purpose' });
  });

  it('fails the job with WorkerLostError when the runtime exits mid-job, replaces the worker and goes on', async () => {
    const r = await call('runtimeExit');
    expect(r.first).toEqual({
      name: 'WorkerLostError',
      message: `worker ${r.victim} exited with code 7`,
      isWorkerLost: true,
    });
    // The other worker's job was cancelled, not lost.
    expect(r.outcomes.map((o: { name: string }) => o.name).sort()).toEqual(['AbortError', 'WorkerLostError']);
    expect(r.idsAfter).toHaveLength(2);
    expect(r.idsAfter).not.toContain(r.victim);
    expect(r.later).toEqual(r.idsAfter.map(() => expect.objectContaining({ ok: true, sum: 10 })));
    expect(new Set(r.later.map((l: { worker: number }) => l.worker))).toEqual(new Set(r.idsAfter));
  });

  it.each([
    ['close', /^worker (\d+) closed itself \(self\.close\(\)\)$/],
    ['uncaught', /^worker (\d+) crashed: .*uncaught outside the job/],
    ['rejection', /^worker (\d+) crashed: unhandled rejection: nobody handled this$/],
  ] as const)('detects a worker that ends itself (%s) and replaces it', async (how, message) => {
    const r = await call('nodeCrash', how);
    expect(r.name).toBe('WorkerLostError');
    expect(r.isWorkerLost).toBe(true);
    expect(r.message).toMatch(message);
    expect(r.idsBefore).toContain(r.lostId);
    expect(r.idsAfter).toHaveLength(2);
    expect(r.idsAfter).not.toContain(r.lostId);
    expect(r.later.every((l: { ok: boolean; sum: number }) => l.ok && l.sum === 10)).toBe(true);
    expect(new Set(r.later.map((l: { worker: number }) => l.worker))).toEqual(new Set(r.idsAfter));
  });

  it('reads files over fetch relative to baseDir and refuses to write', async () => {
    const r = await call('files');
    expect(r).toMatchObject({
      ok: true,
      text: 'hello from the server',
      resolved: `${origin}/fixtures/sub/a.bin`,
      missingError: `cannot read ${origin}/fixtures/missing.txt: HTTP 404 Not Found`,
    });
    expect(r.writeError).toMatch(
      /^writing files is not available in the browser; "out\.txt" was not written/,
    );
  });

  it('closes the pool, and no error reached the page', async () => {
    expect(await call('close')).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
