import { z } from 'zod';
import { defineNode, output } from '../engine/nodes/define-node.js';
import { Text } from '../engine/ports/builtin-types.js';
import { constant } from './constant-base.js';

export const textConstant = defineNode({
  ...constant,
  type: 'core.text',
  title: 'Text',
  description: 'A fixed string.',
  params: z.object({ value: z.string().default('') }),
  outputs: { value: output(Text) },
  run: ({ params }) => ({ value: params.value }),
});
