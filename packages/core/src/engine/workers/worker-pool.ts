import { createAbortFanout } from './abort-fanout.js';
import { Comlink, type Endpoint, type Remote } from './comlink.js';
import { AbortError, NodeError } from '../errors/node-error.js';
import { transferablesOf } from '../values/typed-arrays.js';
import type { NodeMemo } from '../exec/node-memo.js';
import type { ProgressCallback, WorkerApi, WorkerJob, WorkerReply } from './protocol.js';

/** A started worker as the pool sees it, whatever the platform (worker_threads or Web Worker). */
export interface WorkerHandle {
  readonly endpoint: Endpoint;
  /** Called once when the worker dies or exits; `reason` says how ("exited with code 3"). */
  onExit(listener: (reason: string) => void): void;
  terminate(): Promise<unknown> | void;
}

export type SpawnWorker = () => WorkerHandle;

export interface PoolJobResult {
  reply: WorkerReply;
  worker: number;
}

export interface WorkerPool {
  readonly size: number;
  /** Runs one node invocation; inputs are transferred (detached here) until the reply returns them. */
  run(
    job: Omit<WorkerJob, 'jobId' | 'progress'>,
    opts?: {
      signal?: AbortSignal;
      onProgress?: ProgressCallback;
      onWarn?: (message: string) => void;
      /** Answers the node's `ctx.memo` calls from the worker. */
      memo?: NodeMemo;
    },
  ): Promise<PoolJobResult>;
  /** Test and tooling hook: the worker ids alive now. */
  workerIds(): number[];
  /** Waits for running jobs, then stops every worker. */
  close(): Promise<void>;
}

/** The worker died while running a job: whatever it held is gone. */
export class WorkerLostError extends NodeError {
  override name = 'WorkerLostError';
  constructor(message: string) {
    super('worker_lost', message);
  }
}

interface Member {
  id: number;
  handle: WorkerHandle;
  api: Remote<WorkerApi>;
  ready: Promise<unknown>;
  current: { jobId: number; fail(err: Error): void } | undefined;
  dead: boolean;
}

interface Queued {
  job: WorkerJob;
  signal: AbortSignal | undefined;
  onProgress: ProgressCallback | undefined;
  onWarn: ((message: string) => void) | undefined;
  memo: NodeMemo | undefined;
  resolve(result: PoolJobResult): void;
  reject(err: Error): void;
}

/**
 * A fixed-size pool of workers that each load the same node packages. A worker that dies fails the
 * job it was running with a WorkerLostError and is replaced; queued jobs go on.
 */
export function createWorkerPool(opts: { size: number; spawn: SpawnWorker; plugins: string[] }): WorkerPool {
  const size = Math.max(1, Math.floor(opts.size));
  const members: Member[] = [];
  const queue: Queued[] = [];
  let nextWorkerId = 1;
  let nextJobId = 1;
  let closing = false;
  /** Workers that died before finishing init, in a row: a broken entry or plugin, not bad luck. */
  let failedStarts = 0;
  const MAX_FAILED_STARTS = 3;

  function start(): Member {
    const handle = opts.spawn();
    const api = Comlink.wrap<WorkerApi>(handle.endpoint);
    const member: Member = {
      id: nextWorkerId++,
      handle,
      api,
      ready: Promise.resolve(),
      current: undefined,
      dead: false,
    };
    let started = false;
    member.ready = api.init(opts.plugins).then((types) => {
      started = true;
      failedStarts = 0;
      return types;
    });
    member.ready.catch(() => {
      /* reported to the first job that awaits it */
    });
    handle.onExit((reason) => {
      if (member.dead) return;
      member.dead = true;
      const idx = members.indexOf(member);
      if (idx >= 0) members.splice(idx, 1);
      member.current?.fail(new WorkerLostError(`worker ${member.id} ${reason}`));
      api[Comlink.releaseProxy]();
      if (closing) return;
      if (!started && ++failedStarts >= MAX_FAILED_STARTS) {
        // Workers keep dying on start (a broken entry or plugin): respawning forever would spin.
        // The pool shrinks instead; once it is empty, what waits fails with the reason.
        if (members.length === 0) {
          for (const task of queue.splice(0))
            task.reject(
              new WorkerLostError(`workers keep dying on start; the last: worker ${member.id} ${reason}`),
            );
        }
        return;
      }
      members.push(start());
      pump();
    });
    return member;
  }

  const aborts = createAbortFanout();
  for (let i = 0; i < size; i++) members.push(start());

  function pump(): void {
    while (queue.length > 0) {
      const member = members.find((m) => !m.current && !m.dead);
      if (!member) return;
      const task = queue.shift()!;
      void dispatch(member, task);
    }
  }

  async function dispatch(member: Member, task: Queued): Promise<void> {
    let settled = false;
    const onAbort = () => {
      if (!member.dead) void member.api.cancel(task.job.jobId).catch(() => {});
    };
    const channel = new MessageChannel();
    let drained!: () => void;
    const progressDone = new Promise<void>((r) => {
      drained = r;
    });
    channel.port1.onmessage = (e: MessageEvent) => {
      if (e.data === 'done') drained();
      else if (e.data[0] === 'warn') task.onWarn?.(e.data[1]);
      else if (e.data[0] === 'memo-set') task.memo?.set(e.data[1], e.data[2]);
      else if (e.data[0] === 'memo-get') answerMemo(channel.port1, task.memo, e.data[1], e.data[2]);
      else task.onProgress?.(e.data[0], e.data[1], e.data[2]);
    };
    let unwatch = () => {};
    member.current = {
      jobId: task.job.jobId,
      // Called when the worker dies mid-job: its reply will never come, so settle and let go now.
      fail: (err) => {
        channel.port1.close();
        unwatch();
        if (!settled) {
          settled = true;
          task.reject(err);
        }
      },
    };
    try {
      await member.ready;
      if (task.signal) unwatch = aborts.on(task.signal, onAbort);
      const job: WorkerJob = { ...task.job, progress: channel.port2 };
      const reply = await member.api.run(
        Comlink.transfer(job, [...transferablesOf(job.inputs), channel.port2 as unknown as Transferable]),
      );
      await progressDone;
      if (!settled) {
        settled = true;
        task.resolve({ reply, worker: member.id });
      }
    } catch (err) {
      if (!settled) {
        settled = true;
        task.reject(err instanceof Error ? err : new Error(String(err)));
      }
    } finally {
      channel.port1.close();
      unwatch();
      if (!member.dead) member.current = undefined;
      pump();
    }
  }

  return {
    size,
    run(job, runOpts = {}) {
      if (closing) return Promise.reject(new Error('the worker pool is closed'));
      if (members.length === 0)
        return Promise.reject(
          new WorkerLostError('the worker pool has no workers left: they kept dying on start'),
        );
      if (runOpts.signal?.aborted) return Promise.reject(new AbortError());
      return new Promise<PoolJobResult>((resolve, reject) => {
        const signal = runOpts.signal;
        // A job still queued when its run is cancelled leaves the queue; a running one is asked to stop.
        const dequeue = () => {
          const at = queue.indexOf(task);
          if (at >= 0) {
            queue.splice(at, 1);
            reject(new AbortError());
          }
        };
        let unwatch = () => {};
        const settle =
          <T>(fn: (v: T) => void) =>
          (v: T) => {
            unwatch();
            fn(v);
          };
        const task: Queued = {
          job: { ...job, jobId: nextJobId++, progress: undefined },
          signal,
          onProgress: runOpts.onProgress,
          onWarn: runOpts.onWarn,
          memo: runOpts.memo,
          resolve: settle(resolve),
          reject: settle(reject),
        };
        if (signal) unwatch = aborts.on(signal, dequeue);
        queue.push(task);
        pump();
      });
    },
    workerIds: () => members.map((m) => m.id),
    async close() {
      closing = true;
      for (const task of queue.splice(0)) task.reject(new AbortError('the worker pool closed'));
      while (members.some((m) => m.current)) await new Promise((r) => setTimeout(r, 5));
      await Promise.all(
        members.splice(0).map(async (m) => {
          m.dead = true;
          m.api[Comlink.releaseProxy]();
          await m.handle.terminate();
        }),
      );
    },
  };
}

/** Replies to a worker's memo lookup; a pool run without a memo has nothing kept. */
function answerMemo(port: MessagePort, memo: NodeMemo | undefined, id: number, keys: string[]): void {
  const reply = (values: unknown[]) => {
    try {
      port.postMessage(['memo', id, values]);
    } catch {
      /* the job ended and closed its port: nobody waits for this answer */
    }
  };
  if (!memo) return reply(keys.map(() => undefined));
  memo.get(keys).then(reply, () => reply(keys.map(() => undefined)));
}
