import { defineConfig } from 'vitest/config';

// Two projects: `unit` (src/**/*.test.ts, plain Node, no build, seconds) for the pure modules and
// the state; `chromium` (test/**/*.test.ts) for what needs a page, on one vite build made by its
// global setup. `vitest run --project unit` runs the first alone.
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['src/**/*.test.ts'], environment: 'node' },
      },
      {
        test: {
          name: 'chromium',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          // Chromium shares two cores with the app's workers and vite: UI effects can take seconds under load.
          expect: { poll: { timeout: 15_000, interval: 100 } },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
