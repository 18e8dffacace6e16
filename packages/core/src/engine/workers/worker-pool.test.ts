import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeWorkerPool } from '../../node/worker-threads.js';
import { nodeFileAccess } from '../../node/file-access.js';
import { createRegistry } from '../nodes/registry.js';
import { validateGraph } from '../graph/validate.js';
import { runGraph } from '../exec/run-graph.js';
import { OutputCache } from '../exec/output-cache.js';
import { graph } from '../../test-support/graph-builder.js';
import stubs from '../../test-support/stub-nodes.js';
import type { WorkerPool } from './worker-pool.js';
import type { RunEvent } from '../exec/events.js';

const stubsUrl = new URL('../../test-support/stub-nodes.ts', import.meta.url).href;
const registry = createRegistry([{ pkg: stubs, specifier: stubsUrl }]);
const roots = { baseDir: process.cwd(), outDir: undefined };
const MiB64 = (64 * 1024 * 1024) / 4;

let pool: WorkerPool;
beforeAll(() => {
  pool = createNodeWorkerPool({ plugins: [stubsUrl], size: 2 });
});
afterAll(async () => {
  await pool.close();
});

function plan(doc: Parameters<typeof validateGraph>[0]) {
  const { plan, problems } = validateGraph(doc, registry);
  if (!plan) throw new Error(problems.map((p) => p.message).join('\n'));
  return plan;
}

describe('worker pool', () => {
  it('moves a 64 MiB Float32Array to a worker by transfer: detached here, handed back with the reply', async () => {
    // Warm the pool first: the array is posted once a worker is ready, which takes seconds on a busy machine.
    await Promise.all(
      pool.workerIds().map(() =>
        pool.run({
          nodeType: 'test.source',
          nodeId: 'warm',
          item: undefined,
          params: { value: 1 },
          roots,
          inputs: {},
        }),
      ),
    );
    const data = new Float32Array(MiB64).fill(0.5);
    const pending = pool.run({
      nodeType: 'test.sumTensor',
      nodeId: 't',
      item: undefined,
      params: {},
      roots,
      inputs: { tensor: { dtype: 'f32', shape: [MiB64], data } },
    });
    let settled = false;
    void pending.finally(() => {
      settled = true;
    });
    while (data.byteLength > 0 && !settled) await new Promise((r) => setTimeout(r, 5));
    expect(data.byteLength).toBe(0);
    const { reply } = await pending;
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.outputs.sum).toBe(MiB64 * 0.5);
    const back = (reply.inputs.tensor as { data: Float32Array }).data;
    expect(back.length).toBe(MiB64);
    expect(back[123]).toBe(0.5);
  });

  it('runs graph nodes in workers, lending cached inputs and getting them back', async () => {
    const cache = new OutputCache();
    const doc = graph(
      {
        f: ['test.fill', { length: 1 << 20, value: 3 }],
        s: ['test.scale', { by: 2 }],
        t: ['test.sumTensor'],
      },
      ['f.tensor -> s.tensor', 's.tensor -> t.tensor'],
      { outputs: { sum: 't.sum', scaled: 's.tensor' } },
    );
    const result = await runGraph(plan(doc), { pool, cache, roots, files: nodeFileAccess(roots) });
    expect(result.errors).toEqual([]);
    expect(result.outputs.sum).toBe((1 << 20) * 6);
    expect(result.nodes.s!.workers).toHaveLength(1);
    const scaled = result.outputs.scaled as { data: Float32Array };
    expect(scaled.data.length).toBe(1 << 20);
    // The cached tensors were lent and returned: a second run reads them intact.
    const again = await runGraph(plan(doc), { pool, cache, roots, files: nodeFileAccess(roots) });
    expect(again.nodes.t!.status).toBe('cached');
    expect((again.outputs.scaled as { data: Float32Array }).data[7]).toBe(6);
  });

  it('hands one output to two worker nodes that want it at once, one after the other', async () => {
    const doc = graph(
      {
        f: ['test.fill', { length: 1 << 16, value: 1 }],
        a: ['test.sumTensor'],
        b: ['test.scale', { by: 3 }],
        c: ['test.sumTensor'],
      },
      ['f.tensor -> a.tensor', 'f.tensor -> b.tensor', 'b.tensor -> c.tensor'],
      { outputs: { a: 'a.sum', c: 'c.sum' } },
    );
    const result = await runGraph(plan(doc), { pool, roots, files: nodeFileAccess(roots) });
    expect(result.errors).toEqual([]);
    expect(result.outputs).toEqual({ a: 1 << 16, c: 3 * (1 << 16) });
  });

  it('copies outputs that alias their inputs, so lending one slot never detaches another', async () => {
    const doc = graph(
      {
        f: ['test.fill', { length: 1 << 16, value: 2 }],
        p: ['test.passThrough'],
        a: ['test.sumTensor'],
        b: ['test.sumTensor'],
        c: ['test.sumTensor'],
      },
      ['f.tensor -> p.tensor', 'f.tensor -> a.tensor', 'p.same -> b.tensor', 'p.head -> c.tensor'],
      { outputs: { a: 'a.sum', b: 'b.sum', c: 'c.sum', same: 'p.same', orig: 'f.tensor' } },
    );
    const result = await runGraph(plan(doc), { pool, roots, files: nodeFileAccess(roots) });
    expect(result.errors).toEqual([]);
    expect([result.outputs.a, result.outputs.b, result.outputs.c]).toEqual([2 * (1 << 16), 2 * (1 << 16), 4]);
    expect((result.outputs.same as { data: Float32Array }).data.length).toBe(1 << 16);
    expect((result.outputs.orig as { data: Float32Array }).data.length).toBe(1 << 16);
  });

  it('gives list items that share a buffer their own copies before lending them out', async () => {
    const doc = graph(
      { f: ['test.fill', { length: 64, value: 1 }], l: ['test.repeat', { times: 4 }], s: ['test.sumTensor'] },
      ['f.tensor -> l.tensor', 'l.list -> s.tensor'],
      { outputs: { sums: 's.sum' } },
    );
    const result = await runGraph(plan(doc), { pool, roots, files: nodeFileAccess(roots) });
    expect(result.errors).toEqual([]);
    expect(result.outputs.sums).toEqual([64, 64, 64, 64]);
  });

  it('maps List items over workers in parallel', async () => {
    const doc = graph({ s: ['test.sleep', { ms: 200 }] }, [], {
      inputs: { n: { to: 's.n', type: 'List<Number>', default: [1, 2] } },
      outputs: { out: 's.out' },
    });
    const result = await runGraph(plan(doc), { pool, roots, files: nodeFileAccess(roots) });
    expect(result.outputs.out).toEqual([1, 2]);
    expect(new Set(result.nodes.s!.workers).size).toBe(2); // one item per worker, at the same time
  });

  it("queues 40 items under one cancel signal without Node's listener-leak warning", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const doc = graph({ s: ['test.sleep', { ms: 5 }] }, [], {
        inputs: { n: { to: 's.n', type: 'List<Number>', default: Array.from({ length: 40 }, (_, i) => i) } },
        outputs: { out: 's.out' },
      });
      const controller = new AbortController();
      const result = await runGraph(plan(doc), {
        pool,
        roots,
        files: nodeFileAccess(roots),
        signal: controller.signal,
      });
      expect(result.outputs.out).toHaveLength(40);
      await new Promise((r) => setTimeout(r, 10)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('relays progress from a worker', async () => {
    const events: RunEvent[] = [];
    await runGraph(plan(graph({ s: ['test.sleep', { ms: 100 }] })), {
      pool,
      roots,
      files: nodeFileAccess(roots),
      onEvent: (e) => events.push(e),
    });
    const progress = events.filter((e) => e.type === 'node-progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ fraction: 1, message: 'step 10', values: { step: 10 } });
    // A warning arrives before the node's finish, as an event of its own.
    const warned = events.findIndex((e) => e.type === 'node-warning');
    expect(events[warned]).toEqual({
      type: 'node-warning',
      node: 's',
      item: undefined,
      message: 'slept 100 ms',
    });
    expect(warned).toBeLessThan(events.findIndex((e) => e.type === 'node-finished'));
  });

  it('fails a node that throws in a worker with its message and port', async () => {
    const result = await runGraph(
      plan(graph({ a: ['test.source'], f: ['test.fail', { port: 'n' }] }, ['a.out -> f.n'])),
      { pool, roots, files: nodeFileAccess(roots) },
    );
    expect(result.errors).toEqual([
      { node: 'f', port: 'n', code: 'bad_input', message: 'value on n is out of range' },
    ]);
  });

  it('fails the node whose worker dies, replaces the worker, and goes on', async () => {
    const before = pool.workerIds();
    const result = await runGraph(plan(graph({ c: ['test.crash'], ok: ['test.sleep', { ms: 10 }] })), {
      pool,
      roots,
      files: nodeFileAccess(roots),
    });
    expect(result.ok).toBe(false);
    expect(result.errors[0]!.node).toBe('c');
    expect(result.errors[0]!.message).toMatch(/worker \d+ exited with code 7/);
    expect(result.nodes.ok!.status).toBe('ran');
    const after = pool.workerIds();
    expect(after).toHaveLength(2);
    expect(after).not.toEqual(before);
    const next = await runGraph(
      plan(graph({ a: ['test.source', { value: 9 }] }, [], { outputs: { a: 'a.out' } })),
      { pool, roots, files: nodeFileAccess(roots) },
    );
    expect(next.outputs.a).toBe(9);
  });

  it('cancels a running worker node cooperatively', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 80);
    const t0 = performance.now();
    const result = await runGraph(plan(graph({ s: ['test.sleep', { ms: 8000 }] })), {
      pool,
      roots,
      files: nodeFileAccess(roots),
      signal: controller.signal,
    });
    expect(result.cancelled).toBe(true);
    expect(result.nodes.s!.status).toBe('cancelled');
    expect(performance.now() - t0).toBeLessThan(6000); // far sooner than the 8 s the node would take
  });
});

describe('worker pool with broken plugins', () => {
  const job = {
    nodeType: 'test.source',
    nodeId: 'a',
    item: undefined,
    inputs: {},
    params: { value: 1 },
    roots,
  };

  it('fails jobs with the import error when a plugin throws while loading', async () => {
    const broken = createNodeWorkerPool({
      plugins: [new URL('../../test-support/throw-on-import.ts', import.meta.url).href],
      size: 1,
    });
    try {
      await expect(broken.run(job)).rejects.toThrow(/broken on purpose/);
    } finally {
      await broken.close();
    }
  });

  it('stops respawning workers that die on start, and says so', async () => {
    const dying = createNodeWorkerPool({
      plugins: [new URL('../../test-support/exit-on-import.ts', import.meta.url).href],
      size: 1,
    });
    try {
      await expect(dying.run(job)).rejects.toThrow(/exited with code 3/);
      await expect(dying.run(job)).rejects.toThrow(/./);
      await expect(dying.run(job)).rejects.toThrow(/./);
      await new Promise((r) => setTimeout(r, 300));
      expect(dying.workerIds()).toEqual([]);
      await expect(dying.run(job)).rejects.toThrow(/no workers left/);
    } finally {
      await dying.close();
    }
  });
});
