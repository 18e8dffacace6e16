import { beforeEach, describe, expect, it } from 'vitest';
import { createRegistry } from '../nodes/registry.js';
import { validateGraph } from '../graph/validate.js';
import type { GraphDocument } from '../graph/document.js';
import stubs, { calls } from '../../test-support/stub-nodes.js';
import { graph } from '../../test-support/graph-builder.js';
import { nodeFileAccess } from '../../node/file-access.js';
import { OutputCache } from './output-cache.js';
import { runGraph, type RunOptions } from './run-graph.js';
import type { RunEvent } from './events.js';

const registry = createRegistry([stubs]);
const roots = { baseDir: process.cwd(), outDir: undefined };

function plan(doc: GraphDocument) {
  const { plan, problems } = validateGraph(doc, registry);
  if (!plan) throw new Error(problems.map((p) => p.message).join('\n'));
  return plan;
}

function run(doc: GraphDocument, opts: Partial<RunOptions> = {}) {
  return runGraph(plan(doc), { roots, files: nodeFileAccess(roots), ...opts });
}

const ran = (result: Awaited<ReturnType<typeof run>>) =>
  Object.values(result.nodes)
    .filter((n) => n.status === 'ran' || n.status === 'partial')
    .map((n) => n.node)
    .sort();

beforeEach(() => calls.clear());

describe('runGraph', () => {
  const chain = (offset: number) =>
    graph(
      {
        a: ['test.source', { value: 2 }],
        b: ['test.add', { offset: 1 }],
        c: ['test.add', { offset }],
        d: ['test.add'],
        side: ['test.add'],
      },
      ['a.out -> b.a', 'b.sum -> c.a', 'c.sum -> d.a', 'a.out -> side.a'],
      { outputs: { result: 'd.sum', side: 'side.sum' } },
    );

  it('computes outputs in dependency order', async () => {
    const result = await run(chain(10));
    expect(result.ok).toBe(true);
    expect(result.outputs).toEqual({ result: 13, side: 2 });
  });

  it('after changing one param, re-runs only that node and what is downstream of it', async () => {
    const cache = new OutputCache();
    await run(chain(10), { cache });
    calls.clear();
    const second = await run(chain(20), { cache });
    expect(second.outputs.result).toBe(23);
    expect(ran(second)).toEqual(['c', 'd']);
    expect([...calls.keys()].sort()).toEqual(['c', 'd']);
    expect(second.nodes.a!.status).toBe('cached');
    expect(second.nodes.side!.status).toBe('cached');
    const third = await run(chain(20), { cache });
    expect(ran(third)).toEqual([]);
  });

  it('keys the cache on work, not node ids: a renamed node is still cached', async () => {
    const cache = new OutputCache();
    await run(graph({ a: ['test.source', { value: 5 }] }), { cache });
    calls.clear();
    const renamed = await run(graph({ z: ['test.source', { value: 5 }] }), { cache });
    expect(renamed.nodes.z!.status).toBe('cached');
    expect(calls.size).toBe(0);
  });

  it("after appending a List item, runs only that item's branch", async () => {
    const cache = new OutputCache();
    const doc = (values: number[]) =>
      graph(
        { x: ['test.add', { offset: 100 }], y: ['test.label'], total: ['test.sumList'] },
        ['x.sum -> y.n', 'x.sum -> total.list'],
        {
          inputs: { numbers: { to: 'x.a', type: 'List<Number>', default: values } },
          outputs: { labels: 'y.text', total: 'total.sum' },
        },
      );
    const first = await run(doc([1, 2, 3]), { cache });
    expect(first.outputs).toEqual({ labels: ['#101', '#102', '#103'], total: 306 });
    expect(calls.get('x')).toBe(3);
    calls.clear();
    const second = await run(doc([1, 2, 3, 4]), { cache });
    expect(second.outputs).toEqual({ labels: ['#101', '#102', '#103', '#104'], total: 410 });
    expect(calls.get('x')).toBe(1);
    expect(calls.get('y')).toBe(1);
    expect(second.nodes.x!.items).toEqual({ ran: 1, cached: 3 });
    expect(second.nodes.x!.status).toBe('partial');
    expect(calls.get('total')).toBe(1); // a reducer over the whole list runs again, once
  });

  it('reuses unchanged items of a List produced by an unmapped node', async () => {
    const cache = new OutputCache();
    const doc = (values: number[]) =>
      graph({ l: ['test.numbers', { values }], x: ['test.add'] }, ['l.list -> x.a'], {
        outputs: { r: 'x.sum' },
      });
    await run(doc([5, 6]), { cache });
    calls.clear();
    const second = await run(doc([5, 6, 7]), { cache });
    expect(second.outputs.r).toEqual([5, 6, 7]);
    expect(calls.get('x')).toBe(1);
  });

  it('runs independent nodes concurrently', async () => {
    const doc = graph({
      s1: ['test.sleep', { ms: 150 }],
      s2: ['test.sleep', { ms: 150 }],
      s3: ['test.sleep', { ms: 150 }],
    });
    const events: RunEvent[] = [];
    const result = await run(doc, { onEvent: (e) => events.push(e) });
    expect(result.ok).toBe(true);
    // All three start before the first one finishes: they overlap, whatever the machine's load.
    const firstFinish = events.findIndex((e) => e.type === 'node-finished');
    expect(events.slice(0, firstFinish).filter((e) => e.type === 'node-started')).toHaveLength(3);
  });

  it('emits started, progress and finished events, and done', async () => {
    const events: RunEvent[] = [];
    await run(graph({ a: ['test.source'], s: ['test.sleep', { ms: 40 }] }, ['a.out -> s.n']), {
      onEvent: (e) => events.push(e),
    });
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('run-started');
    expect(types.at(-1)).toBe('run-finished');
    expect(types).toContain('node-progress');
    const finished = events.filter((e) => e.type === 'node-finished');
    expect(finished.map((e) => e.node)).toEqual(['a', 's']);
    const last = events.filter((e) => e.type === 'node-progress').at(-1);
    expect(last).toMatchObject({ node: 's', fraction: 1 });
  });

  it('fails a throwing node with its message and port, skips what depends on it, finishes the rest', async () => {
    const doc = graph(
      { a: ['test.source'], f: ['test.fail', { port: 'n' }], after: ['test.add'], other: ['test.add'] },
      ['a.out -> f.n', 'f.out -> after.a', 'a.out -> other.a'],
      { outputs: { other: 'other.sum' } },
    );
    const events: RunEvent[] = [];
    const result = await run(doc, { onEvent: (e) => events.push(e) });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      { node: 'f', port: 'n', code: 'bad_input', message: 'value on n is out of range' },
    ]);
    expect(result.nodes.after!.status).toBe('skipped');
    expect(result.outputs.other).toBe(1);
    expect(events).toContainEqual({
      type: 'node-error',
      node: 'f',
      port: 'n',
      code: 'bad_input',
      message: 'value on n is out of range',
    });
  });

  it('refuses an output that breaks its port type, naming the port', async () => {
    const result = await run(graph({ b: ['test.badOutput'] }));
    expect(result.errors[0]).toMatchObject({ node: 'b', port: 'tensor' });
    expect(result.errors[0]!.message).toMatch(/expected prod\(shape\) \(6 values\), got 5/);
  });

  it('checks graph input values against their type', async () => {
    const doc = graph({ x: ['test.add'] }, [], { inputs: { n: { to: 'x.a', type: 'Number' } } });
    const result = await runGraph(plan(doc), { roots, files: nodeFileAccess(roots), inputs: { n: 'seven' } });
    expect(result.ok).toBe(false);
    expect(result.errors[0]!.message).toMatch(/graph input "n" \(Number\)/);
  });

  it('cancels: nodes not yet started never start, the running one stops', async () => {
    const controller = new AbortController();
    const doc = graph({ s1: ['test.sleep', { ms: 5000 }], s2: ['test.sleep', { ms: 5000 }] }, [
      's1.out -> s2.n',
    ]);
    setTimeout(() => controller.abort(), 60);
    const t0 = performance.now();
    const result = await run(doc, { signal: controller.signal });
    expect(result.cancelled).toBe(true);
    expect(result.ok).toBe(false);
    expect(performance.now() - t0).toBeLessThan(4000); // far sooner than the 5 s the node would take
    expect(result.nodes.s1!.status).toBe('cancelled');
    expect(calls.get('s2')).toBeUndefined();
  });

  it('bounds the cache in bytes, evicting least recently used entries', async () => {
    const cache = new OutputCache(3 * 4 * 1000);
    const doc = (value: number) => graph({ f: ['test.fill', { length: 1000, value }] });
    for (const v of [1, 2, 3, 4]) await run(doc(v), { cache });
    expect(cache.size).toBe(3);
    expect(cache.bytes).toBe(12_000);
    expect((await run(doc(1), { cache })).nodes.f!.status).toBe('ran');
    expect((await run(doc(4), { cache })).nodes.f!.status).toBe('cached');
  });
});

describe('runGraph, seeded fuzz: incremental equals a recompute', () => {
  it('matches a cold run after random param edits', async () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const cache = new OutputCache();
    const nodes: Record<string, [string, Record<string, unknown>]> = { n0: ['test.source', { value: 1 }] };
    const edges: string[] = [];
    for (let i = 1; i < 12; i++) {
      nodes[`n${i}`] = ['test.add', { offset: i }];
      const from = Math.floor(rand() * i);
      edges.push(`n${from}.${from === 0 ? 'out' : 'sum'} -> n${i}.a`);
    }
    const outputs = Object.fromEntries(
      Object.keys(nodes).map((id) => [id, `${id}.${id === 'n0' ? 'out' : 'sum'}`]),
    );
    for (let step = 0; step < 25; step++) {
      const target = `n${Math.floor(rand() * 12)}`;
      const [type] = nodes[target]!;
      nodes[target] = [
        type,
        type === 'test.source' ? { value: Math.floor(rand() * 10) } : { offset: Math.floor(rand() * 10) },
      ];
      const doc = graph(nodes, edges, { outputs });
      const warm = await run(doc, { cache });
      const cold = await run(doc);
      expect(warm.outputs).toEqual(cold.outputs);
    }
  });
});
