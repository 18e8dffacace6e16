import { Queue, QueueEvents } from 'bullmq';
import type { BatchHooks } from './batch-hooks.js';
import { saveBatchMeta, type BatchMeta } from './batch-meta.js';
import type { ItemSummary } from './item-summary.js';
import type { BatchJob } from './job.js';
import { summaryOfJob } from './job-summary.js';
import { connection, jobOptions, logErrors, QUEUE_NAME } from './redis-queue.js';
import type { RedisTarget } from './redis-url.js';

export interface RedisRunOptions {
  target: RedisTarget;
  meta: BatchMeta;
  detach: boolean;
  hooks: BatchHooks;
  signal: AbortSignal;
  say: (line: string) => void;
  scrub: (text: string) => string;
}

/** Safety net under the event stream: how often unfinished jobs are looked up directly. */
const POLL_MS = 1000;

/**
 * Enqueues a batch's jobs on BullMQ and, unless detached, waits for each to finish. Job ids are the
 * jobs' keys, so enqueueing twice adds nothing: a job still queued or running (an earlier detached
 * run, a second enqueuer) is adopted; a finished one is replaced, because the caller only passes
 * items whose outputs are not complete (a failed item is tried again, a finished one is skipped).
 * Returns the items' summaries; on cancel, jobs not yet started are removed, running ones finish
 * on their workers and stay `pending`.
 */
export async function runOnRedis(
  jobs: readonly BatchJob[],
  opts: RedisRunOptions,
): Promise<Map<string, ItemSummary> | undefined> {
  const conn = connection(opts.target);
  const queue = new Queue(QUEUE_NAME, { connection: conn });
  logErrors(queue, opts.say);
  // Listen before enqueueing so no completion is missed; the poll below covers any gap.
  const events = opts.detach ? undefined : new QueueEvents(QUEUE_NAME, { connection: conn });
  if (events) {
    logErrors(events, opts.say);
    await events.waitUntilReady();
  }
  try {
    const fresh: BatchJob[] = [];
    for (const job of jobs) {
      const existing = await queue.getJob(job.key);
      const state = existing ? await existing.getState() : 'unknown';
      if (existing && (state === 'completed' || state === 'failed')) await existing.remove();
      if (!existing || state === 'completed' || state === 'failed' || state === 'unknown') fresh.push(job);
    }
    await queue.addBulk(fresh.map((job) => ({ name: job.item, data: job, opts: jobOptions(job.key) })));
    await saveBatchMeta(queue, opts.meta);
    if (!events) return undefined;
    return await waitForJobs(queue, events, jobs, opts);
  } finally {
    await events?.close().catch(() => undefined);
    await queue.close().catch(() => undefined);
  }
}

async function waitForJobs(
  queue: Queue,
  events: QueueEvents,
  jobs: readonly BatchJob[],
  opts: RedisRunOptions,
): Promise<Map<string, ItemSummary>> {
  const pending = new Map(jobs.map((j) => [j.key, j]));
  const results = new Map<string, ItemSummary>();
  const checking = new Set<string>();
  let finish!: () => void;
  const allDone = new Promise<void>((r) => {
    finish = r;
  });

  const check = async (key: string): Promise<void> => {
    const job = pending.get(key);
    if (!job || checking.has(key)) return;
    checking.add(key);
    try {
      const summary = await summaryOfJob(queue, { id: job.item, key, skipped: false }, job.out, opts.scrub);
      if (summary.status === 'pending' || !pending.has(key)) return;
      pending.delete(key);
      results.set(job.item, summary);
      opts.hooks.settled(summary);
      if (pending.size === 0) finish();
    } catch (err) {
      opts.say(`cannot read job ${key}: ${(err as Error).message}`);
    } finally {
      checking.delete(key);
    }
  };

  events.on('active', ({ jobId }) => {
    const j = pending.get(jobId);
    if (j) opts.hooks.started(j.item, undefined, 0);
  });
  events.on('progress', ({ jobId, data }) => {
    const j = pending.get(jobId);
    if (j && typeof data === 'number') opts.hooks.progress(j.item, data / 100);
  });
  events.on('completed', ({ jobId }) => void check(jobId));
  events.on('failed', ({ jobId }) => void check(jobId));

  const poll = setInterval(() => {
    for (const key of [...pending.keys()]) void check(key);
  }, POLL_MS);
  const onAbort = () => finish();
  opts.signal.addEventListener('abort', onAbort, { once: true });
  for (const key of [...pending.keys()]) await check(key); // some may have finished already
  if (pending.size === 0) finish();
  try {
    await allDone;
  } finally {
    clearInterval(poll);
    opts.signal.removeEventListener('abort', onAbort);
  }
  if (opts.signal.aborted) await cancelPending(queue, pending, results, opts);
  return results;
}

/** Removes the batch's jobs that have not started; running ones cannot be stopped from here. */
async function cancelPending(
  queue: Queue,
  pending: Map<string, BatchJob>,
  results: Map<string, ItemSummary>,
  opts: RedisRunOptions,
): Promise<void> {
  let running = 0;
  for (const [key, job] of pending) {
    const found = await queue.getJob(key);
    const state = found ? await found.getState() : 'unknown';
    if (found && (state === 'waiting' || state === 'delayed' || state === 'prioritized')) {
      await found.remove().catch(() => undefined);
    } else if (state === 'active') {
      running++;
    }
    const summary = await summaryOfJob(queue, { id: job.item, key, skipped: false }, job.out, opts.scrub);
    results.set(job.item, summary);
  }
  if (running > 0)
    opts.say(
      `${running} item${running === 1 ? '' : 's'} still running on workers will finish there; the rest were removed from the queue`,
    );
}
