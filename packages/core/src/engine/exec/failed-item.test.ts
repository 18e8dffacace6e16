import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineNode, defineNodePackage, input, output } from '../nodes/define-node.js';
import { Num } from '../ports/builtin-types.js';
import { PortError } from '../errors/node-error.js';
import { createRegistry } from '../nodes/registry.js';
import { validateGraph } from '../graph/validate.js';
import { graph } from '../../test-support/graph-builder.js';
import { runGraph } from './run-graph.js';

/** Refuses negative numbers: mapped over a list, one item fails. */
const positive = defineNode({
  type: 'test.positive',
  version: 1,
  title: 'Positive',
  category: 'Test',
  runOn: 'main',
  inputs: { n: input(Num) },
  params: z.object({}),
  outputs: { n: output(Num) },
  run: ({ inputs }) => {
    if (inputs.n < 0) throw new PortError('n', `${inputs.n} is negative`);
    return { n: inputs.n };
  },
});
const registry = createRegistry([defineNodePackage({ name: 'test', nodes: [positive] })]);
const roots = { baseDir: process.cwd(), outDir: undefined };
const files = {
  read: async () => new Uint8Array(),
  list: async () => [],
  resolve: (p: string) => p,
  write: async (p: string) => p,
};

describe('a mapped node that fails on one item', () => {
  it('names the item in the run errors, the node report and the event', async () => {
    const doc = graph({ p: ['test.positive'] }, [], {
      inputs: { numbers: { to: 'p.n', type: 'List<Number>', default: [1, 2, -3, 4] } },
    });
    const { plan } = validateGraph(doc, registry);
    const events: unknown[] = [];
    const result = await runGraph(plan!, { roots, files, onEvent: (e) => events.push(e) });
    expect(result.errors).toEqual([
      { node: 'p', port: 'n', code: 'bad_input', message: '-3 is negative', item: 2 },
    ]);
    expect(result.nodes.p!.error).toMatchObject({ item: 2, code: 'bad_input' });
    expect(events).toContainEqual(expect.objectContaining({ type: 'node-error', node: 'p', item: 2 }));
  });
});
