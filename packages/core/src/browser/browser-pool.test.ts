// The browser worker pool in a real Chromium: bundles a page, the worker entry and a node package
// with esbuild, serves them from 127.0.0.1 and asserts from Node what the page reports.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForBrowser, missingChromium, openTestPage, type TestPage } from './test-support/chromium.js';

let chromium: TestPage | undefined;
let origin: string;
let missingBrowser: Error | undefined;

function call<T = any>(name: string, ...args: unknown[]): Promise<T> {
  if (missingBrowser) throw missingBrowser;
  return chromium!.call<T>(name, ...args);
}

beforeAll(async () => {
  // Every test fails with this message (vitest would only mark them skipped if beforeAll threw).
  missingBrowser = missingChromium('the browser pool test');
  if (missingBrowser) return;
  const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
  // Launch and bundle at once.
  chromium = await openTestPage({
    script: '/page.js',
    global: 'ffavatarTest',
    async prepare() {
      const files = await bundleForBrowser({
        page: here('./test-fixtures/page.ts'),
        'worker-entry': here('./worker-entry.ts'),
        'test-nodes': here('./test-fixtures/test-nodes.ts'),
      });
      const routes = new Map([
        ['/fixtures/hello.txt', { type: 'text/plain; charset=utf-8', body: 'hello from the server' }],
        ...[...files].map(
          ([path, body]) => [path, { type: 'text/javascript; charset=utf-8', body }] as const,
        ),
      ]);
      return (path) => routes.get(path);
    },
  });
  origin = chromium.origin;
}, 30_000);

afterAll(async () => {
  await chromium?.close();
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
    expect(chromium!.pageErrors).toEqual([]);
  });
});
