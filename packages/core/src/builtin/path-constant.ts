import { z } from 'zod';
import { defineNode, output } from '../engine/nodes/define-node.js';
import { Path } from '../engine/ports/builtin-types.js';
import { constant } from './constant-base.js';

export const pathConstant = defineNode({
  ...constant,
  type: 'core.path',
  title: 'Path',
  description: 'A file path, relative to the graph file, or `asset:<name>` for a bundled asset.',
  params: z.object({ value: z.string().min(1, 'a path is required') }),
  outputs: { path: output(Path) },
  run: ({ params }) => ({ path: params.value }),
});
