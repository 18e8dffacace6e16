// The test API (src/testing/test-api.ts) ships only in test and dev builds: a production build of
// the editor holds no trace of it, while the tests' build (global-setup.ts, mode `test`) does.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { describe, expect, it } from 'vitest';
import { APP_ROOT, TEST_DIST } from './harness.js';

const scripts = (dir: string) =>
  readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(dir, f), 'utf8'));

describe('production bundle', () => {
  it("leaves out the test API that the tests' build has", async () => {
    const out = mkdtempSync(join(tmpdir(), 'ffavatar-editor-prod-'));
    try {
      await build({
        root: APP_ROOT,
        mode: 'production',
        logLevel: 'error',
        build: { outDir: out, emptyOutDir: true },
      });
      expect(scripts(out).some((s) => s.includes('ffavatarEditor'))).toBe(false);
      expect(scripts(join(APP_ROOT, TEST_DIST)).some((s) => s.includes('ffavatarEditor'))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});
