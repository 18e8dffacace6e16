import { defineNode, input, output } from '../engine/nodes/define-node.js';
import { Any } from '../engine/ports/builtin-types.js';
import { listOf } from '../engine/ports/port-type.js';

const slots = ['item0', 'item1', 'item2', 'item3', 'item4', 'item5', 'item6', 'item7'] as const;

export const makeList = defineNode({
  type: 'core.makeList',
  version: 1,
  title: 'Make list',
  category: 'Core',
  runOn: 'main',
  description: 'Collects the connected inputs, in slot order, into a List.',
  inputs: Object.fromEntries(slots.map((s) => [s, input(Any, { optional: true })])) as Record<
    (typeof slots)[number],
    ReturnType<typeof input<unknown>>
  >,
  outputs: { list: output(listOf(Any)) },
  run: ({ inputs }) => ({ list: slots.map((s) => inputs[s]).filter((v) => v !== undefined) }),
});
