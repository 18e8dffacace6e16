// The lifecycle both Chromium peer test files share: one harness per file, started before the tests
// and closed after, and a summary of rows written to test-output/peer/ at the end.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { PeerHarness } from './peer-harness.js';

export const PEER_OUT = fileURLToPath(new URL('../../test-output/peer/', import.meta.url));

/**
 * Starts the harness in beforeAll. A missing Chromium fails every test with the harness's message
 * (a throwing beforeAll would only mark them skipped): `h()` rethrows the start error.
 */
export function peerHarnessForTests(summaryFile: string): {
  h(): PeerHarness;
  summary: Record<string, unknown>[];
} {
  let harness: PeerHarness | undefined;
  let startError: unknown;
  const summary: Record<string, unknown>[] = [];
  beforeAll(async () => {
    mkdirSync(PEER_OUT, { recursive: true });
    try {
      harness = await PeerHarness.start();
    } catch (err) {
      startError = err;
    }
  }, 30_000);
  afterAll(async () => {
    await harness?.close();
    if (summary.length) writeFileSync(`${PEER_OUT}${summaryFile}`, `${JSON.stringify(summary, null, 2)}\n`);
  });
  return {
    h() {
      if (!harness) throw startError instanceof Error ? startError : new Error(String(startError));
      return harness;
    },
    summary,
  };
}
