// Nodes for the real-browser pool test, bundled as their own ES module so workers import them by URL.
import { z } from 'zod';
import { defineNode, defineNodePackage, input, output } from '../../engine/nodes/define-node.js';
import { Num, Tensor, Text } from '../../engine/ports/builtin-types.js';
import { AbortError } from '../../engine/exec/node-context.js';
import { WORKER_EXIT_MESSAGE } from '../worker-exit.js';

const sumTensor = defineNode({
  type: 'btest.sumTensor',
  version: 1,
  title: 'Sum tensor',
  category: 'Test',
  inputs: { tensor: input(Tensor) },
  params: z.object({ delayMs: z.number().default(0) }),
  outputs: { sum: output(Num) },
  async run({ inputs, params, ctx }) {
    ctx.progress(0, 'started');
    if (params.delayMs > 0) await new Promise((r) => setTimeout(r, params.delayMs));
    let sum = 0;
    for (const v of inputs.tensor.data as Float32Array) sum += v;
    ctx.progress(1, 'summed');
    return { sum };
  },
});

const fail = defineNode({
  type: 'btest.fail',
  version: 1,
  title: 'Fail',
  category: 'Test',
  outputs: { out: output(Num) },
  run: () => {
    throw new Error('node exploded on purpose');
  },
});

/** Waits until cancelled, so a test can crash the worker while a job is running on it. */
const hang = defineNode({
  type: 'btest.hang',
  version: 1,
  title: 'Hang',
  category: 'Test',
  outputs: { out: output(Num) },
  run: ({ ctx }) =>
    new Promise<never>((_, reject) => {
      ctx.signal.addEventListener('abort', () => reject(new AbortError()), { once: true });
    }),
});

/** Ends its worker mid-job in one of the ways a browser worker can end. */
const crash = defineNode({
  type: 'btest.crash',
  version: 1,
  title: 'Crash',
  category: 'Test',
  params: z.object({ how: z.enum(['close', 'uncaught', 'rejection']) }),
  outputs: { out: output(Num) },
  run: ({ params }) => {
    if (params.how === 'close') (globalThis as unknown as { close(): void }).close();
    if (params.how === 'uncaught')
      setTimeout(() => {
        throw new Error('uncaught outside the job');
      });
    if (params.how === 'rejection') void Promise.reject(new Error('nobody handled this'));
    return new Promise<never>(() => {});
  },
});

/** Ends its worker after `ms` with an exit code, the way a worker runtime reports `exit(code)`. */
const exitWorker = defineNode({
  type: 'btest.exit',
  version: 1,
  title: 'Exit',
  category: 'Test',
  params: z.object({ code: z.number().int(), ms: z.number() }),
  outputs: { out: output(Num) },
  run: ({ params }) => {
    const scope = globalThis as unknown as { postMessage(m: unknown): void; close(): void };
    setTimeout(() => {
      scope.postMessage({
        type: WORKER_EXIT_MESSAGE,
        code: params.code,
        reason: `exited with code ${params.code}`,
      });
      scope.close();
    }, params.ms);
    return new Promise<never>(() => {});
  },
});

const files = defineNode({
  type: 'btest.files',
  version: 1,
  title: 'Files',
  category: 'Test',
  outputs: {
    text: output(Text),
    resolved: output(Text),
    writeError: output(Text),
    missingError: output(Text),
  },
  async run({ ctx }) {
    const text = new TextDecoder().decode(await ctx.files.read('hello.txt'));
    const writeError = await ctx.files.write('out.txt', 'x').then(
      () => 'no error',
      (err: Error) => err.message,
    );
    const missingError = await ctx.files.read('missing.txt').then(
      () => 'no error',
      (err: Error) => err.message,
    );
    return { text, resolved: ctx.files.resolve('sub/a.bin'), writeError, missingError };
  },
});

export default defineNodePackage({
  name: 'browser-test',
  nodes: [sumTensor, fail, hang, crash, exitWorker, files],
});
