import { z } from 'zod';
import { defineNode, input, output } from '../engine/nodes/define-node.js';
import { Any } from '../engine/ports/primitives.js';
import { listOf } from '../engine/ports/port-type.js';

export const pick = defineNode({
  type: 'core.pick',
  version: 1,
  title: 'Pick item',
  category: 'Core',
  runOn: 'main',
  description: 'One item of a list by index (negative counts from the end).',
  inputs: { list: input(listOf(Any)) },
  params: z.object({ index: z.number().int().default(0) }),
  outputs: { item: output(Any) },
  run({ inputs, params }) {
    const n = inputs.list.length;
    const i = params.index < 0 ? n + params.index : params.index;
    if (i < 0 || i >= n) throw new Error(`param "index": ${params.index} is outside a list of ${n}`);
    return { item: inputs.list[i] };
  },
});
