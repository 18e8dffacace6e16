import { z } from 'zod';
import { PortError } from '../engine/errors/node-error.js';
import { defineNode, input } from '../engine/nodes/define-node.js';
import { Any } from '../engine/ports/primitives.js';
import { assertionFailed, formatNumber } from './assertion-failure.js';
import { boundParams, describeBounds, hasBound, withinBounds } from './bounds.js';

/** The number at a dotted path ("psnr", "stats.0.err") of a Metrics / Json value, or the value itself. */
function measure(value: unknown, path: string): number {
  let v = value;
  for (const key of path === '' ? [] : path.split('.')) {
    if (v === null || typeof v !== 'object' || !(key in v))
      throw new PortError('value', `no field "${path}" in the value (missing at "${key}")`);
    v = (v as Record<string, unknown>)[key];
  }
  if (typeof v !== 'number')
    throw new PortError(
      'value',
      `${path === '' ? 'the value' : `"${path}"`} is ${JSON.stringify(v)}, not a number`,
    );
  return v;
}

export const expectNode = defineNode({
  type: 'test.expect',
  version: 1,
  title: 'Expect',
  category: 'Test',
  runOn: 'main',
  description:
    'Fails the run (exit 1, error code `assertion`) when a number, or a field of a Metrics / Json value, is outside its bounds.',
  inputs: { value: input(Any, { description: 'a Number, Metrics or Json value' }) },
  params: z
    .object({
      path: z
        .string()
        .default('')
        .describe('dotted path of the field to check, e.g. "psnr"; empty: the value itself'),
      name: z.string().default('').describe('what the assertion is called in messages; empty: the node id'),
      ...boundParams,
    })
    .refine(hasBound, { message: 'give at least one of min, max, equals' }),
  run({ inputs, params, ctx }) {
    const v = measure(inputs.value, params.path);
    if (!withinBounds(v, params)) {
      const label = params.name || ctx.nodeId;
      throw assertionFailed(label, `${params.path || 'value'} = ${formatNumber(v)}`, describeBounds(params));
    }
    return {};
  },
});
