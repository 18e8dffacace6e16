// The test page: drives a browser worker pool and returns plain summaries for the Node test to assert.
import { createBrowserWorkerPool, WorkerLostError } from '../index.js';
import type { WorkerJob } from '../../engine/workers/protocol.js';

const pool = createBrowserWorkerPool({
  url: new URL('/worker-entry.js', location.href),
  plugins: [new URL('/test-nodes.js', location.href).href],
  size: 2,
});

type Job = Omit<WorkerJob, 'jobId' | 'progress'>;
const job = (nodeType: string, params: unknown = {}, inputs: Record<string, unknown> = {}): Job => ({
  nodeType,
  nodeId: nodeType,
  item: undefined,
  params,
  inputs,
  roots: { baseDir: '/fixtures', outDir: undefined },
});
const smallTensor = () => ({ dtype: 'f32', shape: [4], data: new Float32Array([1, 2, 3, 4]) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function rejection(
  p: Promise<unknown>,
): Promise<{ name: string; message: string; isWorkerLost: boolean }> {
  try {
    await p;
  } catch (err) {
    return {
      name: (err as Error).name,
      message: (err as Error).message,
      isWorkerLost: err instanceof WorkerLostError,
    };
  }
  throw new Error('expected the job to be rejected');
}

/** After a worker is lost: which workers exist, and do jobs on both of them run? */
async function afterLoss(lostMessage: string, idsBefore: number[]) {
  const lostId = Number(/^worker (\d+) /.exec(lostMessage)?.[1]);
  // Two jobs at once, each long enough to keep its worker busy, land on both workers.
  const later = await Promise.all(
    [1, 2].map(() => pool.run(job('btest.sumTensor', { delayMs: 60 }, { tensor: smallTensor() }))),
  );
  return {
    lostId,
    idsBefore,
    idsAfter: pool.workerIds(),
    later: later.map((r) => ({
      ok: r.reply.ok,
      sum: r.reply.ok ? r.reply.outputs.sum : undefined,
      worker: r.worker,
    })),
  };
}

const api = {
  async transfer() {
    const n = (64 * 1024 * 1024) / 4;
    const data = new Float32Array(n).fill(0.5);
    const byteLengthBefore = data.byteLength;
    const progress: [number, string | undefined][] = [];
    const t0 = performance.now();
    const pending = pool.run(job('btest.sumTensor', {}, { tensor: { dtype: 'f32', shape: [n], data } }), {
      onProgress: (f, m) => progress.push([f, m]),
    });
    // The pool posts once its worker has loaded the plugins: wait for the detach, do not race it.
    for (let i = 0; i < 500 && data.byteLength > 0; i++) await sleep(10);
    const byteLengthAfterSend = data.byteLength;
    const { reply, worker } = await pending;
    const ms = performance.now() - t0;
    const back = (reply.inputs.tensor as { data: Float32Array }).data;
    let intact = back.length === n;
    for (let i = 0; intact && i < back.length; i++) intact = back[i] === 0.5;
    return {
      byteLengthBefore,
      byteLengthAfterSend,
      ok: reply.ok,
      sum: reply.ok ? reply.outputs.sum : undefined,
      backLength: back.length,
      backIsFloat32: back instanceof Float32Array,
      intact,
      progress,
      worker,
      ms,
    };
  },

  async throwing() {
    const { reply } = await pool.run(job('btest.fail'));
    return { ok: reply.ok, error: reply.ok ? undefined : reply.error };
  },

  /** A node ends its own worker mid-job (close(), uncaught error, unhandled rejection). */
  async nodeCrash(how: 'close' | 'uncaught' | 'rejection') {
    const idsBefore = pool.workerIds();
    const lost = await rejection(pool.run(job('btest.crash', { how })));
    return { ...lost, ...(await afterLoss(lost.message, idsBefore)) };
  },

  /** A worker that exits with a code (btest.exit) while another worker runs a job. */
  async runtimeExit() {
    const idsBefore = pool.workerIds();
    // One controller per job, so cancelling the survivor leaves the lost job's signal alone.
    const controllers = [new AbortController(), new AbortController()];
    const kinds = [job('btest.exit', { code: 7, ms: 100 }), job('btest.hang')];
    const jobs = controllers.map((c, i) =>
      pool.run(kinds[i]!, { signal: c.signal }).then(
        // Errors inside a node do not reject: the reply carries them (a cancelled node: AbortError).
        (r) => ({ index: i, name: r.reply.ok ? 'ok' : r.reply.error.name, message: '', isWorkerLost: false }),
        (err: Error) => ({
          index: i,
          name: err.name,
          message: err.message,
          isWorkerLost: err instanceof WorkerLostError,
        }),
      ),
    );
    const { index, ...first } = await Promise.race(jobs);
    const victim = Number(/^worker (\d+) /.exec(first.message)?.[1]);
    controllers[1 - index]!.abort();
    const outcomes = await Promise.all(jobs);
    return { victim, first, outcomes, ...(await afterLoss(first.message, idsBefore)) };
  },

  async files() {
    const { reply } = await pool.run(job('btest.files'));
    return reply.ok ? { ok: true, ...reply.outputs } : { ok: false, error: reply.error.message };
  },

  async close() {
    await pool.close();
    return pool.workerIds();
  },
};

(globalThis as unknown as { ffavatarTest: typeof api }).ffavatarTest = api;
