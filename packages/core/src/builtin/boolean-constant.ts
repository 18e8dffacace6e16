import { z } from 'zod';
import { defineNode, output } from '../engine/nodes/define-node.js';
import { Bool } from '../engine/ports/builtin-types.js';
import { constant } from './constant-base.js';

export const booleanConstant = defineNode({
  ...constant,
  type: 'core.boolean',
  title: 'Boolean',
  description: 'true or false.',
  params: z.object({ value: z.boolean().default(false) }),
  outputs: { value: output(Bool) },
  run: ({ params }) => ({ value: params.value }),
});
