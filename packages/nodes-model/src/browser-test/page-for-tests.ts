import { afterAll, beforeAll } from 'vitest';
import type { ChromiumPage } from './chromium.js';

/**
 * One Chromium page for a test file: opened before its tests, closed after. An open that fails
 * fails every test with its message (vitest would only mark them skipped if beforeAll threw).
 */
export function pageForTests(open: () => Promise<ChromiumPage>): {
  opened(): ChromiumPage;
  call<T = any>(name: string, ...args: unknown[]): Promise<T>;
} {
  let page: ChromiumPage | undefined;
  let failure: Error | undefined;
  beforeAll(async () => {
    try {
      page = await open();
    } catch (e) {
      failure = e as Error;
    }
  }, 120_000);
  afterAll(async () => {
    await page?.close();
  });
  const opened = (): ChromiumPage => {
    if (failure || !page) throw failure ?? new Error('the Chromium page did not open');
    return page;
  };
  return { opened, call: <T = any>(name: string, ...args: unknown[]) => opened().call<T>(name, ...args) };
}
