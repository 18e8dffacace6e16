import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../engine/nodes/registry.js';
import { validateGraph } from '../engine/graph/validate.js';
import { OutputCache } from '../engine/exec/output-cache.js';
import { runGraph } from '../engine/exec/run-graph.js';
import stubs, { calls } from '../test-support/stub-nodes.js';
import { graph } from '../test-support/graph-builder.js';
import { diskCacheStore } from './disk-cache.js';
import { nodeFileAccess } from './file-access.js';

const registry = createRegistry([stubs]);
const roots = { baseDir: process.cwd(), outDir: undefined };

describe('diskCacheStore', () => {
  it('lets a new process (a new OutputCache) reuse outputs, typed arrays intact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'disk-cache-'));
    const doc = graph(
      {
        f: ['test.fill', { length: 1000, value: 3 }],
        s: ['test.scale', { by: 2 }],
        x: ['test.add', { offset: 1 }],
      },
      ['f.tensor -> s.tensor'],
      {
        outputs: { scaled: 's.tensor' },
        inputs: { n: { to: 'x.a', type: 'List<Number>', default: [1, 2, 3] } },
      },
    );
    const { plan } = validateGraph(doc, registry);
    const first = await runGraph(plan!, {
      roots,
      files: nodeFileAccess(roots),
      cache: new OutputCache(1e9, diskCacheStore(dir)),
    });
    expect(first.nodes.s!.status).toBe('ran');
    calls.clear();
    const second = await runGraph(plan!, {
      roots,
      files: nodeFileAccess(roots),
      cache: new OutputCache(1e9, diskCacheStore(dir)),
    });
    expect(Object.values(second.nodes).map((n) => n.status)).toEqual(['cached', 'cached', 'cached']);
    expect(calls.size).toBe(0);
    const scaled = second.outputs.scaled as { data: Float32Array };
    expect(scaled.data).toBeInstanceOf(Float32Array);
    expect(scaled.data[999]).toBe(6);
    expect(readdirSync(dir).every((n) => n.endsWith('.v8'))).toBe(true);
  });

  it('stays under its byte bound, dropping the least recently used entries', () => {
    const dir = mkdtempSync(join(tmpdir(), 'disk-cache-'));
    const store = diskCacheStore(dir, 50_000);
    for (let i = 0; i < 10; i++) store.set(`k${i}`, { v: new Float32Array(2500) }); // ~10 kB each
    const names = readdirSync(dir);
    expect(names.length).toBeLessThanOrEqual(5);
    expect(names).toContain('k9.v8');
    expect(store.get('k0')).toBeUndefined();
  });
});
