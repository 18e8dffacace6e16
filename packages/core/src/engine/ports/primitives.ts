import { z } from 'zod';
import { definePortType } from './port-type.js';

/** Plain values: text, numbers, paths, JSON. */
export const Any = definePortType<unknown>({
  name: 'Any',
  description: 'Any value; checked by the consuming node.',
  schema: z.unknown(),
  color: '#c0c0c0',
});
export const Text = definePortType({
  name: 'Text',
  description: 'A string.',
  schema: z.string(),
  color: '#9bc53d',
});
export const Num = definePortType({
  name: 'Number',
  description: 'A finite number.',
  schema: z.number().finite(),
  color: '#5bc0eb',
});
export const Bool = definePortType({
  name: 'Boolean',
  description: 'true or false.',
  schema: z.boolean(),
  color: '#5bc0eb',
});
export const Path = definePortType({
  name: 'Path',
  description: "A file or folder path; relative paths resolve against the graph file's folder.",
  schema: z.string().min(1),
  color: '#e0c060',
});
export const Json = definePortType({
  name: 'Json',
  description: 'A JSON value.',
  schema: z.json(),
  color: '#b0b0b0',
});
