import { z } from 'zod';
import { defineNode, output } from '../engine/nodes/define-node.js';
import { Bool, Json, Num, Path, Text } from '../engine/ports/builtin-types.js';
import { listOf } from '../engine/ports/port-type.js';

const constant = { version: 1, category: 'Core', runOn: 'main' as const };

export const textConstant = defineNode({
  ...constant, type: 'core.text', title: 'Text', description: 'A fixed string.',
  params: z.object({ value: z.string().default('') }),
  outputs: { value: output(Text) },
  run: ({ params }) => ({ value: params.value }),
});

export const numberConstant = defineNode({
  ...constant, type: 'core.number', title: 'Number', description: 'A fixed number.',
  params: z.object({ value: z.number().finite().default(0) }),
  outputs: { value: output(Num) },
  run: ({ params }) => ({ value: params.value }),
});

export const booleanConstant = defineNode({
  ...constant, type: 'core.boolean', title: 'Boolean', description: 'true or false.',
  params: z.object({ value: z.boolean().default(false) }),
  outputs: { value: output(Bool) },
  run: ({ params }) => ({ value: params.value }),
});

export const jsonConstant = defineNode({
  ...constant, type: 'core.json', title: 'JSON', description: 'A fixed JSON value.',
  params: z.object({ value: z.json().default(null) }),
  outputs: { value: output(Json) },
  run: ({ params }) => ({ value: params.value }),
});

export const pathConstant = defineNode({
  ...constant, type: 'core.path', title: 'Path',
  description: 'A file path, relative to the graph file, or `asset:<name>` for a bundled asset.',
  params: z.object({ value: z.string().min(1, 'a path is required') }),
  outputs: { path: output(Path) },
  run: ({ params }) => ({ path: params.value }),
});

export const pathList = defineNode({
  ...constant, type: 'core.paths', title: 'Paths',
  description: 'A list of paths; nodes that take one path run once per item.',
  params: z.object({ values: z.array(z.string().min(1)).min(1, 'give at least one path') }),
  outputs: { paths: output(listOf(Path)) },
  run: ({ params }) => ({ paths: params.values }),
});
