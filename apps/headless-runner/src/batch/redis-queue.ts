import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { UsageError } from '../errors.js';
import { connectionOptions, type RedisTarget } from './redis-url.js';
import { RETRY } from './retry-policy.js';

/** One queue for every batch: workers serve whatever is enqueued; jobs carry their batch id. */
export const QUEUE_NAME = 'ffavatar-batch';

/** Finished jobs stay a week, so `ffavatar batch status` can report; then Redis drops them. */
export const KEEP_SECONDS = 7 * 24 * 3600;

export function connection(target: RedisTarget): ConnectionOptions {
  return connectionOptions(target) as ConnectionOptions;
}

export function jobOptions(key: string): JobsOptions {
  return {
    jobId: key,
    attempts: RETRY.attempts,
    // BullMQ's exponential backoff waits delay * 2^(attempt-1): the same as the local pool's.
    backoff: { type: 'exponential', delay: RETRY.backoffMs },
    removeOnComplete: { age: KEEP_SECONDS },
    removeOnFail: { age: KEEP_SECONDS },
  };
}

/**
 * Fails fast, naming the queue (password masked), when Redis is unreachable or refuses the
 * credentials: BullMQ connections otherwise retry forever and the command would just hang.
 */
export async function probeRedis(target: RedisTarget): Promise<void> {
  const probe = new Queue(QUEUE_NAME, {
    connection: {
      ...connection(target),
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
      connectTimeout: 5000,
    } as ConnectionOptions,
  });
  probe.on('error', () => {
    /* reported below, once */
  });
  try {
    await probe.waitUntilReady();
    await (await probe.client).ping();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const hint = /NOAUTH|WRONGPASS/.test(e.message)
      ? ` (give the password in the URL, redis://:PASSWORD@host:port, or in $FFAVATAR_REDIS_PASSWORD)`
      : '';
    throw new UsageError(`--queue ${target.display}: cannot use Redis: ${e.code ?? e.message}${hint}`);
  } finally {
    await probe.close().catch(() => undefined);
  }
}

/**
 * Logs a BullMQ object's connection errors (password scrubbed), at most one line per distinct
 * message every 10 s: ioredis reports each failed reconnect.
 */
export function logErrors(
  emitter: { on(event: 'error', l: (err: Error) => void): unknown },
  say: (line: string) => void,
): void {
  const last = new Map<string, number>();
  emitter.on('error', (err: Error) => {
    const now = Date.now();
    if (now - (last.get(err.message) ?? 0) < 10_000) return;
    last.set(err.message, now);
    say(`redis: ${err.message}`);
  });
}
