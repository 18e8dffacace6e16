import { z } from 'zod';
import { defineNode, defineNodePackage, input, output, Num, Tensor } from '@ffavatar/core';

/** The cheapest possible node: what the engine costs around it is what the bench measures. */
export const inc = defineNode({
  type: 'bench.inc',
  version: 1,
  title: 'Increment',
  category: 'Bench',
  runOn: 'main',
  inputs: { n: input(Num, { optional: true }) },
  params: z.object({ seed: z.number().default(0) }),
  outputs: { n: output(Num) },
  run: ({ inputs }) => ({ n: (inputs.n ?? 0) + 1 }),
});

/** The same, in a worker. */
export const incInWorker = defineNode({
  ...inc,
  type: 'bench.incWorker',
  runOn: 'worker',
});

/** Reads nothing and returns nothing new: a tensor goes to the worker and comes back. */
export const touch = defineNode({
  type: 'bench.touch',
  version: 1,
  title: 'Touch',
  category: 'Bench',
  inputs: { tensor: input(Tensor) },
  outputs: { first: output(Num) },
  run: ({ inputs }) => ({ first: (inputs.tensor.data as Float32Array)[0] ?? 0 }),
});

export default defineNodePackage({ name: 'bench-nodes', nodes: [inc, incInWorker, touch] });
