// Builds the editor once for every test file (each file starts its own preview server and
// Chromium on the same build).
import { build } from 'vite';
import { APP_ROOT, TEST_DIST } from './harness.js';

export default async function setup(): Promise<void> {
  // Mode `test` keeps the test API (src/testing/test-api.ts) that production builds leave out.
  await build({
    root: APP_ROOT,
    mode: 'test',
    logLevel: 'error',
    build: { outDir: TEST_DIST, emptyOutDir: true },
  });
}
