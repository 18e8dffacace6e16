// Serves the editor (built once by global-setup.ts) with Vite's preview server (which also serves /graphs and
// /assets, see vite.config.ts) and drives Debian's Chromium through playwright-core.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, it } from 'vitest';

// Nothing is downloaded (never `npx playwright install`); FFAVATAR_CHROMIUM points elsewhere.
const CHROMIUM = process.env.FFAVATAR_CHROMIUM ?? '/usr/bin/chromium';
export const APP_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const OUTPUT_DIR = fileURLToPath(new URL('../test-output/', import.meta.url));
/** The shared assets, as vite.config.ts serves them under /assets/. */
export const ASSETS = process.env.FFAVATAR_ASSETS ?? join(REPO_ROOT, '../shared/assets');
/** Where global-setup.ts builds the app, relative to APP_ROOT. */
export const TEST_DIST = 'build/test-dist';

export interface Harness {
  browser: Browser;
  server: PreviewServer;
  origin: string;
  close(): Promise<void>;
}

/** Chromium's WebGPU on SwiftShader (CPU): correctness, not speed. */
const WEBGPU_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
];

async function startHarness(opts: { webgpu?: boolean } = {}): Promise<Harness> {
  // Fails (never skips) without a browser, with a message that says what to do.
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: the editor tests need a real browser. Install it with \`apt-get install -y chromium\` (Debian), or set FFAVATAR_CHROMIUM. Do not run \`npx playwright install\`.`,
    );
  }
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const server = await preview({
    root: APP_ROOT,
    logLevel: 'error',
    build: { outDir: TEST_DIST },
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
  });
  const origin = server.resolvedUrls?.local[0]?.replace(/\/$/, '');
  if (!origin) throw new Error('vite preview reported no URL');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(opts.webgpu ? WEBGPU_ARGS : []),
    ],
  });
  return {
    browser,
    server,
    origin,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** A fresh page on the editor, waited until it has drawn its first graph. */
export async function openEditor(h: Harness, errors: string[], query = ''): Promise<Page> {
  const context = await h.browser.newContext({
    viewport: { width: 1400, height: 860 },
    deviceScaleFactor: 1,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${h.origin}/${query}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return page;
}

/** Calls the editor's scripting surface (components/test-api.ts). */
export function editorCall<T>(page: Page, name: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(([n, a]) => (globalThis as any).ffavatarEditor[n as string](...(a as unknown[])), [
    name,
    args,
  ] as const) as Promise<T>;
}

/** Opens one of the shipped graphs from the toolbar's Examples menu and waits for its title. */
export async function openShipped(page: Page, name: string) {
  const before = await openCount(page);
  await page.selectOption('[data-testid=shipped]', name);
  await replaceIfAsked(page, before);
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid=graph-title]')?.textContent === n,
    name,
  );
}

/** Starts a new graph from the toolbar (replacing an edited one without saving it, if asked). */
export async function newGraph(page: Page) {
  const before = await openCount(page);
  await page.click('[data-testid=new]');
  await replaceIfAsked(page, before);
}

/** How many opens the page has completed (the graph title's data-generation). */
export async function openCount(page: Page): Promise<number> {
  return Number(await page.getAttribute('[data-testid=graph-title]', 'data-generation'));
}

/**
 * Waits until an open started after `before` opens either completed or asked first (the
 * unsaved-changes prompt, when the canvas had edits); answers "Open without saving" and waits for it.
 */
async function replaceIfAsked(page: Page, before: number): Promise<'asked' | 'opened'> {
  const outcome = await page.waitForFunction(
    (n) => {
      if (document.querySelector('[data-testid=unsaved-dialog]')) return 'asked';
      return Number(document.querySelector('[data-testid=graph-title]')?.getAttribute('data-generation')) > n
        ? 'opened'
        : false;
    },
    before,
    { timeout: 30_000 },
  );
  const result = (await outcome.jsonValue()) as 'asked' | 'opened';
  if (result === 'asked') {
    await page.click('[data-testid=unsaved-replace]');
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid=graph-title]')?.getAttribute('data-generation')) > n,
      before,
      { timeout: 30_000 },
    );
  }
  return result;
}

/**
 * One harness per test file. A setup failure (no Chromium, a build error) fails every test with
 * its message: vitest would only mark the tests skipped if beforeAll threw.
 */
export function browserTests(opts: { webgpu?: boolean } = {}): {
  itBrowser(name: string, fn: () => Promise<void> | void, timeout?: number): void;
  harness(): Harness;
  ready(): boolean;
} {
  let h: Harness | undefined;
  let setupError: unknown;
  beforeAll(async () => {
    h = await startHarness(opts).catch((err: unknown) => {
      setupError = err;
      return undefined;
    });
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });
  return {
    itBrowser(name, fn, timeout) {
      it(
        name,
        async () => {
          if (setupError) throw setupError;
          await fn();
        },
        timeout,
      );
    },
    harness: () => h!,
    ready: () => h !== undefined,
  };
}

/** `ffavatar validate` (the built CLI) on a graph text: exit code and output. */
export async function cliValidate(text: string, name: string): Promise<{ code: number; out: string }> {
  const file = join(OUTPUT_DIR, name);
  writeFileSync(file, text);
  try {
    const r = await promisify(execFile)('node', [
      join(REPO_ROOT, 'apps/headless-runner/dist/cli.js'),
      'validate',
      file,
    ]);
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** Drops files on the canvas as a drag from the desktop does: a DataTransfer holding Files. */
export async function dropFiles(
  page: Page,
  files: { name: string; type: string; bytes: number[] }[],
): Promise<void> {
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
    return dt;
  }, files);
  await page.dispatchEvent('.ff-canvas-wrap', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('.ff-canvas-wrap', 'drop', { dataTransfer: transfer });
}
