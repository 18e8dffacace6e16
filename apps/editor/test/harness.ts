// Builds the editor with Vite, serves it with Vite's preview server (which also serves /graphs and
// /assets, see vite.config.ts) and drives Debian's Chromium through playwright-core.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';

// Nothing is downloaded (never `npx playwright install`); FFAVATAR_CHROMIUM points elsewhere.
export const CHROMIUM = process.env.FFAVATAR_CHROMIUM ?? '/usr/bin/chromium';
export const APP_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const OUTPUT_DIR = fileURLToPath(new URL('../test-output/', import.meta.url));

export interface Harness { browser: Browser; server: PreviewServer; origin: string; close(): Promise<void> }

export async function startHarness(): Promise<Harness> {
  // Fails (never skips) without a browser, with a message that says what to do.
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: the editor tests need a real browser. Install it with \`apt-get install -y chromium\` (Debian), or set FFAVATAR_CHROMIUM. Do not run \`npx playwright install\`.`);
  }
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const outDir = 'build/test-dist';
  await build({ root: APP_ROOT, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  const server = await preview({ root: APP_ROOT, logLevel: 'error', build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
  const origin = server.resolvedUrls?.local[0]?.replace(/\/$/, '');
  if (!origin) throw new Error('vite preview reported no URL');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    browser, server, origin,
    async close() { await browser.close(); await server.close(); },
  };
}

/** A fresh page on the editor, waited until it has drawn its first graph. */
export async function openEditor(h: Harness, errors: string[]): Promise<Page> {
  const context = await h.browser.newContext({ viewport: { width: 1400, height: 860 }, deviceScaleFactor: 1, acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${h.origin}/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return page;
}

/** Calls the editor's scripting surface (components/test-api.ts). */
export function editorCall<T>(page: Page, name: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(([n, a]) => (globalThis as any).ffavatarEditor[n as string](...(a as unknown[])), [name, args] as const) as Promise<T>;
}
