import { intFlag } from '../batch/flags.js';
import { WORKER_NAME } from '../batch/job-runtime.js';
import { parseRedisUrl, scrubber } from '../batch/redis-url.js';
import { runQueueWorker } from '../batch/redis-worker.js';
import { UsageError } from '../errors.js';

export interface WorkerCliValues {
  queue?: string | undefined;
  concurrency?: string | undefined;
  workers?: string | undefined;
  plugin: string[];
  config?: string | undefined;
  'lock-duration'?: string | undefined;
  'stalled-interval'?: string | undefined;
}

/** `ffavatar worker --queue URL`: runs batch items from Redis until Ctrl-C. */
export async function workerCommand(rest: string[], values: WorkerCliValues): Promise<number> {
  if (rest.length > 0)
    throw new UsageError(
      `usage: ffavatar worker --queue redis://HOST:PORT[/DB] [--concurrency N] (unexpected "${rest[0]}")`,
    );
  if (!values.queue)
    throw new UsageError(
      'worker needs --queue redis://HOST:PORT[/DB] (the Redis that `ffavatar batch --queue` enqueues on)',
    );
  const target = parseRedisUrl(values.queue);
  const scrub = scrubber(target);
  const concurrency = intFlag('concurrency', values.concurrency) ?? 1;
  return runQueueWorker({
    target,
    concurrency,
    threads: intFlag('workers', values.workers) ?? concurrency,
    plugins: values.plugin,
    config: values.config,
    lockDuration: intFlag('lock-duration', values['lock-duration'], 100) ?? 30_000,
    stalledInterval: intFlag('stalled-interval', values['stalled-interval'], 100) ?? 30_000,
    say: (line) => process.stderr.write(`[worker ${WORKER_NAME}] ${scrub(line)}\n`),
  });
}
