import { defineProject } from 'vitest/config';

export default defineProject({
  // Starting tfjs-wasm and loading weights takes a few hundred ms per process; the CLI and browser
  // tests start whole processes and a browser.
  test: { include: ['src/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 },
});
