import { z } from 'zod';
import { defineNode, output } from '../engine/nodes/define-node.js';
import { Path } from '../engine/ports/builtin-types.js';
import { listOf } from '../engine/ports/port-type.js';
import { constant } from './constant-base.js';

export const pathList = defineNode({
  ...constant,
  type: 'core.paths',
  title: 'Paths',
  description: 'A list of paths; nodes that take one path run once per item.',
  params: z.object({ values: z.array(z.string().min(1)).min(1, 'give at least one path') }),
  outputs: { paths: output(listOf(Path)) },
  run: ({ params }) => ({ paths: params.values }),
});
