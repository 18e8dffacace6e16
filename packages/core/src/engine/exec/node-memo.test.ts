// A node's memo (NodeContext.memo): results kept under the node's own keys, so a rerun whose list
// grew computes only the new items, on this thread, in a worker and across processes (disk store).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../nodes/registry.js';
import { validateGraph } from '../graph/validate.js';
import stubs from '../../test-support/stub-nodes.js';
import { graph } from '../../test-support/graph-builder.js';
import { nodeFileAccess } from '../../node/file-access.js';
import { diskCacheStore } from '../../node/disk-cache.js';
import { createNodeWorkerPool } from '../../node/worker-threads.js';
import { OutputCache } from './output-cache.js';
import { runGraph } from './run-graph.js';
import type { WorkerPool } from '../workers/worker-pool.js';

const stubsUrl = new URL('../../test-support/stub-nodes.ts', import.meta.url).href;
const registry = createRegistry([{ pkg: stubs, specifier: stubsUrl }]);
const roots = { baseDir: process.cwd(), outDir: undefined };
const doc = graph({ s: ['test.runningSum'] }, [], {
  inputs: { list: { to: 's.list', type: 'List<Number>' } },
  outputs: { sums: 's.sums', computed: 's.computed' },
});
const { plan } = validateGraph(doc, registry);

const run = (list: number[], cache: OutputCache, pool?: WorkerPool) =>
  runGraph(plan!, {
    roots,
    files: nodeFileAccess(roots),
    cache,
    inputs: { list },
    ...(pool ? { pool } : {}),
  });

let pool: WorkerPool | undefined;
afterAll(async () => {
  await pool?.close();
});

describe('NodeContext.memo', () => {
  it('serves the prefix a shorter run kept; the node computes only the new items', async () => {
    const cache = new OutputCache();
    const first = await run([1, 2, 3], cache);
    expect(first.outputs).toEqual({ sums: [1, 3, 6], computed: 3 });
    expect(first.nodes.s!.memo).toEqual({ hits: 0, stored: 3 });
    const second = await run([1, 2, 3, 4, 5], cache);
    expect(second.outputs).toEqual({ sums: [1, 3, 6, 10, 15], computed: 2 });
    expect(second.nodes.s!.memo).toEqual({ hits: 3, stored: 2 });
  });

  it('keeps nothing past a changed item: the keys name the whole prefix', async () => {
    const cache = new OutputCache();
    await run([1, 2, 3, 4], cache);
    const changed = await run([1, 9, 3, 4, 5], cache);
    expect(changed.outputs).toEqual({ sums: [1, 10, 13, 17, 22], computed: 4 });
  });

  it('answers a node in a worker, and a new process through the disk store', async () => {
    pool = createNodeWorkerPool({ plugins: [stubsUrl], size: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'memo-'));
    const first = await run([5, 6], new OutputCache(1e9, diskCacheStore(dir)), pool);
    expect(first.nodes.s!.workers).toHaveLength(1);
    expect(first.outputs).toEqual({ sums: [5, 11], computed: 2 });
    const second = await run([5, 6, 7], new OutputCache(1e9, diskCacheStore(dir)), pool);
    expect(second.outputs).toEqual({ sums: [5, 11, 18], computed: 1 });
    expect(second.nodes.s!.memo).toEqual({ hits: 2, stored: 1 });
    // The identical rerun is the node's own cache entry: no run, no memo.
    const third = await run([5, 6, 7], new OutputCache(1e9, diskCacheStore(dir)), pool);
    expect(third.nodes.s!.status).toBe('cached');
  }, 60_000);
});
