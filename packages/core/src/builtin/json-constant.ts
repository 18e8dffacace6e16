import { z } from 'zod';
import { defineNode, output } from '../engine/nodes/define-node.js';
import { Json } from '../engine/ports/builtin-types.js';
import { constant } from './constant-base.js';

export const jsonConstant = defineNode({
  ...constant,
  type: 'core.json',
  title: 'JSON',
  description: 'A fixed JSON value.',
  params: z.object({ value: z.json().default(null) }),
  outputs: { value: output(Json) },
  run: ({ params }) => ({ value: params.value }),
});
