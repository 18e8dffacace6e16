import { z } from 'zod';
import { PortError } from '../engine/errors/node-error.js';
import { defineNode, input, output } from '../engine/nodes/define-node.js';
import { fileParam } from '../engine/nodes/file-param.js';
import { Any, Num } from '../engine/ports/primitives.js';
import type { Tensor } from '../engine/ports/tensor.js';
import { float16ToFloat32 } from '../io/float16.js';
import { readNpy } from '../io/npy.js';
import type { FileAccess } from '../engine/exec/node-context.js';
import { assertionFailed } from './assertion-failure.js';
import { firstDifference } from './value-difference.js';

/** A Tensor as `{ shape, data: number[] }`, so tensors compare by the same walk as JSON. */
function tensorAsJson(t: Tensor): { shape: number[]; data: number[] } {
  const data = t.dtype === 'f16' ? float16ToFloat32(t.data as Uint16Array) : t.data;
  return { shape: [...t.shape], data: Array.from(data as ArrayLike<number>) };
}

const isTensor = (v: unknown): v is Tensor =>
  v !== null &&
  typeof v === 'object' &&
  'shape' in v &&
  'data' in v &&
  ArrayBuffer.isView((v as Tensor).data);

async function readExpected(files: FileAccess, path: string): Promise<unknown> {
  const bytes = await files.read(path);
  const source = files.resolve(path);
  if (/\.npy$/i.test(path)) {
    const arr = readNpy(bytes, source);
    if (arr.data.length > 0 && typeof arr.data[0] === 'string')
      throw new PortError('value', `${source} holds strings; a tensor expectation needs numbers`);
    return { shape: arr.shape, data: Array.from(arr.data as ArrayLike<number>, Number) };
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch (err) {
    throw new PortError('value', `${source} is not JSON: ${(err as Error).message}`);
  }
}

export const matchValue = defineNode({
  type: 'test.matchValue',
  version: 1,
  title: 'Match value',
  category: 'Test',
  description:
    'Compares a Tensor (shape and values) or a JSON value with an expected one (a .npy / .json file, or inline), numbers within atol + rtol * |expected|; fails the run (error code `assertion`) naming the first difference.',
  inputs: { value: input(Any, { description: 'a Tensor or any JSON value' }) },
  params: z
    .object({
      expected: fileParam(z.string(), ['.npy', '.json'])
        .default('')
        .describe('the expected value: .npy (for a Tensor) or .json, relative to the graph file'),
      value: z.json().optional().describe('the expected value inline (a Tensor as { shape, data })'),
      atol: z.number().nonnegative().default(1e-6),
      rtol: z.number().nonnegative().default(0),
      name: z.string().default('').describe('what the assertion is called in messages; empty: the node id'),
    })
    .refine((p) => (p.expected === '') !== (p.value === undefined), {
      message: 'give exactly one of expected (a file) and value (inline)',
    }),
  outputs: {
    maxError: output(Num, { description: 'largest |actual - expected| over the numbers compared' }),
  },
  async run({ inputs, params, ctx }) {
    const expected =
      params.value !== undefined ? params.value : await readExpected(ctx.files, params.expected);
    const actual = isTensor(inputs.value) ? tensorAsJson(inputs.value) : inputs.value;
    const difference = firstDifference(actual, expected, params);
    if (difference) {
      const against = params.expected ? ` (expected from ${ctx.files.resolve(params.expected)})` : '';
      const [measured, bound] = difference.split(', expected ');
      throw assertionFailed(params.name || ctx.nodeId, measured!, `${bound ?? 'nothing there'}${against}`);
    }
    return { maxError: maxAbsError(actual, expected) };
  },
});

/** Largest numeric difference between two values that matched (so of the same structure). */
function maxAbsError(a: unknown, e: unknown): number {
  if (typeof a === 'number' && typeof e === 'number') {
    const d = Math.abs(a - e);
    return Number.isFinite(d) ? d : 0; // equal infinities, NaN = NaN
  }
  if (a === null || e === null || typeof a !== 'object' || typeof e !== 'object') return 0;
  let m = 0;
  for (const k of Object.keys(e)) m = Math.max(m, maxAbsError((a as never)[k], (e as never)[k]));
  return m;
}
