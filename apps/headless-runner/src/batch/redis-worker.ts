import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { EXIT } from '../errors.js';
import type { ItemSummary } from './item-summary.js';
import type { BatchJob } from './job.js';
import { createJobRuntime } from './job-runtime.js';
import { connection, logErrors, probeRedis, QUEUE_NAME } from './redis-queue.js';
import type { RedisTarget } from './redis-url.js';
import { RETRY } from './retry-policy.js';

export interface QueueWorkerOptions {
  target: RedisTarget;
  /** Items run at once by this process. */
  concurrency: number;
  /** Node worker threads shared by those items. */
  threads: number;
  plugins: string[];
  config: string | undefined;
  /** How long a job's lock lives without renewal; a worker silent that long is presumed dead. */
  lockDuration: number;
  /** How often this worker looks for jobs whose lock expired (their worker died) to requeue them. */
  stalledInterval: number;
  say: (line: string) => void;
}

/**
 * `ffavatar worker`: serves batch jobs from Redis until stopped. Ctrl-C stops taking jobs and
 * finishes the running ones; a second Ctrl-C (or SIGTERM, which autoscalers send) cancels them and
 * hands them back to the queue at once, temp folders removed, for another worker to run. A worker
 * killed outright loses nothing either: its jobs' locks expire and BullMQ's stalled-job check on
 * any other worker puts them back in the queue.
 */
export async function runQueueWorker(opts: QueueWorkerOptions): Promise<number> {
  await probeRedis(opts.target);
  const runtime = createJobRuntime({ plugins: opts.plugins, config: opts.config, threads: opts.threads });
  const running = new Map<string, { item: string; controller: AbortController }>();
  let handingBack = false;
  let stopping = false;

  const processor = async (job: Job<BatchJob, ItemSummary>, token?: string): Promise<ItemSummary> => {
    const data = job.data;
    const attempt = job.attemptsMade + 1;
    const controller = new AbortController();
    running.set(job.id!, { item: data.item, controller });
    opts.say(`${data.item} started (attempt ${attempt} of ${RETRY.attempts})`);
    let lastProgress = 0;
    try {
      const outcome = await runtime.run(data, {
        attempt,
        signal: controller.signal,
        onProgress: (fraction) => {
          const now = performance.now();
          if (fraction < 1 && now - lastProgress < 250) return;
          lastProgress = now;
          job.updateProgress(Math.round(fraction * 100)).catch(() => undefined);
        },
      });
      if (outcome.kind === 'done') {
        opts.say(`${data.item} ok in ${((outcome.summary.ms ?? 0) / 1000).toFixed(2)} s`);
        return outcome.summary;
      }
      if (outcome.kind === 'cancelled') {
        // Hand the job back: it waits for the next worker with its attempts untouched. The worker
        // is closing by now, so BullMQ does not fetch another job when this processor throws, and
        // the failure it then tries to record is refused (the job is no longer ours).
        await job.moveToWait(token);
        opts.say(`${data.item} cancelled and handed back to the queue`);
        throw new Error(`handed back to the queue by ${runtime.worker}`);
      }
      const last = !outcome.retryable || attempt >= RETRY.attempts;
      opts.say(`${data.item} failed${last ? '' : ', will be retried'}: ${outcome.message}`);
      // A bad input fails the same way every time: BullMQ must not spend the remaining attempts.
      if (!outcome.retryable) throw new UnrecoverableError(outcome.message);
      throw new Error(outcome.message);
    } finally {
      running.delete(job.id!);
    }
  };

  const worker = new Worker<BatchJob, ItemSummary>(QUEUE_NAME, processor, {
    connection: connection(opts.target),
    concurrency: opts.concurrency,
    lockDuration: opts.lockDuration,
    stalledInterval: opts.stalledInterval,
    // A job may lose two workers in a row (a farm being scaled down) before it counts as failed.
    maxStalledCount: 2,
  });
  logErrors(worker, (line) => {
    if (!stopping) opts.say(line);
  });
  await worker.waitUntilReady();
  opts.say(`serving ${opts.target.display} (queue ${QUEUE_NAME}, ${opts.concurrency} at a time)`);

  return new Promise<number>((resolve) => {
    let closing: Promise<void> | undefined;
    let exitCode: number = EXIT.ok;
    let finishing: Promise<void> | undefined;
    const finish = () => {
      finishing ??= (async () => {
        await closing;
        await runtime.close();
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', handBack);
        resolve(exitCode);
      })();
    };
    const handBack = () => {
      if (handingBack) return;
      handingBack = true;
      stopping = true;
      exitCode = EXIT.cancelled;
      if (running.size > 0)
        opts.say(`handing ${running.size} running item${running.size === 1 ? '' : 's'} back to the queue`);
      closing ??= worker.close(); // closing first: see the processor's cancelled branch
      for (const r of running.values()) r.controller.abort();
      finish();
    };
    let interrupts = 0;
    const onSigint = () => {
      interrupts++;
      if (interrupts === 1) {
        stopping = true;
        opts.say(
          running.size > 0
            ? `finishing ${running.size} running item${running.size === 1 ? '' : 's'} (Ctrl-C again to hand ${running.size === 1 ? 'it' : 'them'} back to the queue)`
            : 'stopping',
        );
        closing = worker.close();
        finish();
      } else if (interrupts === 2) {
        handBack();
      } else {
        process.exit(EXIT.cancelled);
      }
    };
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', handBack);
  });
}
