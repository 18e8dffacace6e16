import { z } from 'zod';
import { defineNode, defineNodePackage, input, output } from '../engine/nodes/define-node.js';
import { Num, Tensor, Text } from '../engine/ports/builtin-types.js';
import { listOf } from '../engine/ports/port-type.js';
import { PortError } from '../engine/workers/protocol.js';
import { prefixKeys } from '../engine/hash/prefix-keys.js';

/** Invocation counts per node id (this thread only), so tests can assert what ran. */
export const calls = new Map<string, number>();
export function countCall(nodeId: string): void {
  calls.set(nodeId, (calls.get(nodeId) ?? 0) + 1);
}

export const source = defineNode({
  type: 'test.source',
  version: 1,
  title: 'Source',
  category: 'Test',
  params: z.object({ value: z.number().default(1) }),
  outputs: { out: output(Num) },
  run: ({ params, ctx }) => {
    countCall(ctx.nodeId);
    return { out: params.value };
  },
});

export const add = defineNode({
  type: 'test.add',
  version: 1,
  title: 'Add',
  category: 'Test',
  inputs: { a: input(Num), b: input(Num, { optional: true }) },
  params: z.object({ offset: z.number().default(0) }),
  outputs: { sum: output(Num) },
  run: ({ inputs, params, ctx }) => {
    countCall(ctx.nodeId);
    return { sum: inputs.a + (inputs.b ?? 0) + params.offset };
  },
});

export const numbers = defineNode({
  type: 'test.numbers',
  version: 1,
  title: 'Numbers',
  category: 'Test',
  params: z.object({ values: z.array(z.number()) }),
  outputs: { list: output(listOf(Num)) },
  run: ({ params, ctx }) => {
    countCall(ctx.nodeId);
    return { list: params.values };
  },
});

export const sumList = defineNode({
  type: 'test.sumList',
  version: 1,
  title: 'Sum list',
  category: 'Test',
  inputs: { list: input(listOf(Num)) },
  outputs: { sum: output(Num) },
  run: ({ inputs, ctx }) => {
    countCall(ctx.nodeId);
    return { sum: inputs.list.reduce((a, b) => a + b, 0) };
  },
});

/**
 * Running sums of a list, each kept in the node's memo under its prefix's key: a longer list with
 * the same start computes only the new sums (what a sequence tracker does per frame). `computed`
 * in the output says how many it computed, so tests see it from a worker too.
 */
export const runningSum = defineNode({
  type: 'test.runningSum',
  version: 1,
  title: 'Running sum',
  category: 'Test',
  inputs: { list: input(listOf(Num)) },
  outputs: { sums: output(listOf(Num)), computed: output(Num) },
  async run({ inputs, ctx }) {
    countCall(ctx.nodeId);
    const ids = ctx.inputIds?.list?.items;
    const keys = ids ? await prefixKeys('sum', ids) : [];
    const kept = ctx.memo && ids ? await ctx.memo.get(keys) : [];
    // The kept prefix, up to the first gap; everything from there on is computed (and kept).
    const sums: number[] = [];
    while (sums.length < inputs.list.length && typeof kept[sums.length] === 'number')
      sums.push(kept[sums.length] as number);
    const computed = inputs.list.length - sums.length;
    for (let i = sums.length; i < inputs.list.length; i++) {
      sums.push((sums[i - 1] ?? 0) + inputs.list[i]!);
      if (keys[i]) ctx.memo?.set(keys[i]!, sums[i]);
    }
    return { sums, computed };
  },
});

export const label = defineNode({
  type: 'test.label',
  version: 1,
  title: 'Label',
  category: 'Test',
  inputs: { n: input(Num) },
  outputs: { text: output(Text) },
  run: ({ inputs, ctx }) => {
    countCall(ctx.nodeId);
    return { text: `#${inputs.n}` };
  },
});

export const sleep = defineNode({
  type: 'test.sleep',
  version: 1,
  title: 'Sleep',
  category: 'Test',
  inputs: { n: input(Num, { optional: true }) },
  params: z.object({ ms: z.number().default(50) }),
  outputs: { out: output(Num) },
  async run({ inputs, params, ctx }) {
    countCall(ctx.nodeId);
    const steps = 10;
    for (let i = 0; i < steps; i++) {
      if (ctx.signal.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      await new Promise((r) => setTimeout(r, params.ms / steps));
      ctx.progress((i + 1) / steps, `step ${i + 1}`, { step: i + 1 });
    }
    ctx.warn?.(`slept ${params.ms} ms`);
    return { out: inputs.n ?? 0 };
  },
});

export const fail = defineNode({
  type: 'test.fail',
  version: 1,
  title: 'Fail',
  category: 'Test',
  inputs: { n: input(Num) },
  params: z.object({ port: z.string().optional() }),
  outputs: { out: output(Num) },
  run: ({ params }) => {
    if (params.port) throw new PortError(params.port, `value on ${params.port} is out of range`);
    throw new Error('deliberate failure');
  },
});

export const badOutput = defineNode({
  type: 'test.badOutput',
  version: 1,
  title: 'Bad output',
  category: 'Test',
  outputs: { tensor: output(Tensor) },
  run: () => ({ tensor: { dtype: 'f32' as const, shape: [2, 3], data: new Float32Array(5) } }),
});

/** Fills a tensor with `value`; used to move big arrays through workers. */
export const fill = defineNode({
  type: 'test.fill',
  version: 1,
  title: 'Fill',
  category: 'Test',
  params: z.object({ length: z.number().int(), value: z.number().default(1) }),
  outputs: { tensor: output(Tensor) },
  run: ({ params }) => ({
    tensor: {
      dtype: 'f32' as const,
      shape: [params.length],
      data: new Float32Array(params.length).fill(params.value),
    },
  }),
});

/** Returns its input tensor scaled, in place of a copy when scale is 1 (the identity a worker hands back). */
export const scale = defineNode({
  type: 'test.scale',
  version: 1,
  title: 'Scale',
  category: 'Test',
  inputs: { tensor: input(Tensor) },
  params: z.object({ by: z.number().default(2) }),
  outputs: { tensor: output(Tensor) },
  run: ({ inputs, params }) => {
    const src = inputs.tensor.data as Float32Array;
    const out = new Float32Array(src.length);
    for (let i = 0; i < src.length; i++) out[i] = src[i]! * params.by;
    return { tensor: { dtype: 'f32' as const, shape: [...inputs.tensor.shape], data: out } };
  },
});

export const sumTensor = defineNode({
  type: 'test.sumTensor',
  version: 1,
  title: 'Sum tensor',
  category: 'Test',
  inputs: { tensor: input(Tensor) },
  outputs: { sum: output(Num) },
  run: ({ inputs }) => ({ sum: (inputs.tensor.data as Float32Array).reduce((a, b) => a + b, 0) }),
});

/** Hands its input back as its output, and a view into it as a second output (aliasing). */
export const passThrough = defineNode({
  type: 'test.passThrough',
  version: 1,
  title: 'Pass through',
  category: 'Test',
  runOn: 'main',
  inputs: { tensor: input(Tensor) },
  outputs: { same: output(Tensor), head: output(Tensor) },
  run: ({ inputs }) => ({
    same: inputs.tensor,
    head: { dtype: 'f32' as const, shape: [2], data: (inputs.tensor.data as Float32Array).subarray(0, 2) },
  }),
});

/** A list whose items all share one buffer (what a careless node produces). */
export const repeat = defineNode({
  type: 'test.repeat',
  version: 1,
  title: 'Repeat',
  category: 'Test',
  runOn: 'main',
  inputs: { tensor: input(Tensor) },
  params: z.object({ times: z.number().int().default(2) }),
  outputs: { list: output(listOf(Tensor)) },
  run: ({ inputs, params }) => {
    const shared = new Float32Array(inputs.tensor.data as Float32Array);
    return {
      list: Array.from({ length: params.times }, () => ({
        dtype: 'f32' as const,
        shape: [shared.length],
        data: shared,
      })),
    };
  },
});

export const crash = defineNode({
  type: 'test.crash',
  version: 1,
  title: 'Crash',
  category: 'Test',
  inputs: { n: input(Num, { optional: true }) },
  outputs: { out: output(Num) },
  run: () => {
    process.exit(7);
  },
});

export default defineNodePackage({
  name: 'test-stubs',
  nodes: [
    source,
    add,
    numbers,
    sumList,
    runningSum,
    label,
    sleep,
    fail,
    badOutput,
    fill,
    scale,
    sumTensor,
    passThrough,
    repeat,
    crash,
  ],
});
