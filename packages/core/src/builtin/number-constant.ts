import { z } from 'zod';
import { defineNode, output } from '../engine/nodes/define-node.js';
import { Num } from '../engine/ports/builtin-types.js';
import { constant } from './constant-base.js';

export const numberConstant = defineNode({
  ...constant,
  type: 'core.number',
  title: 'Number',
  description: 'A fixed number.',
  params: z.object({ value: z.number().finite().default(0) }),
  outputs: { value: output(Num) },
  run: ({ params }) => ({ value: params.value }),
});
