import { availableParallelism } from 'node:os';
import type { BatchHooks } from './batch-hooks.js';
import { emptySummary, type ItemSummary } from './item-summary.js';
import type { ItemOutcome } from './job-runtime.js';
import type { BatchJob } from './job.js';
import { LocalChild } from './local-child-process.js';
import { backoffDelay, RETRY } from './retry-policy.js';

export interface LocalOptions {
  /** Worker processes, each running one item at a time. */
  concurrency: number | undefined;
  /** Node worker threads per process. */
  threads: number;
  config: string | undefined;
  hooks: BatchHooks;
  signal: AbortSignal;
}

export interface LocalRun {
  /** Every job's final summary once all are settled (or cancelled). */
  done: Promise<ItemSummary[]>;
  /** Kills every worker process at once (a second Ctrl-C). */
  kill(): void;
}

interface Entry {
  job: BatchJob;
  attempt: number;
  notBefore: number;
}

/**
 * The embedded default: a pool of worker processes on this machine, no server. Processes rather
 * than threads, so a node that crashes or leaks takes down one item, never the batch. Retries
 * follow the same policy as the Redis jobs: a lost process or a transient failure is tried again
 * after a backoff, a bad input fails once.
 */
export function runLocal(jobs: readonly BatchJob[], opts: LocalOptions): LocalRun {
  const size = Math.max(1, Math.min(jobs.length, opts.concurrency ?? availableParallelism()));
  const queue: Entry[] = jobs.map((job) => ({ job, attempt: 1, notBefore: 0 }));
  const results = new Map<string, ItemSummary>();
  const children = new Set<LocalChild>();
  let inFlight = 0;
  let wake!: () => void;
  let changed = new Promise<void>((r) => {
    wake = r;
  });
  const notify = () => {
    const w = wake;
    changed = new Promise<void>((r) => {
      wake = r;
    });
    w();
  };

  opts.signal.addEventListener(
    'abort',
    () => {
      for (const c of children) c.cancel();
      notify();
    },
    { once: true },
  );

  async function take(): Promise<Entry | undefined> {
    for (;;) {
      if (opts.signal.aborted) return undefined;
      if (queue.length === 0) {
        if (inFlight === 0) return undefined;
        await changed; // a running item may come back for a retry
        continue;
      }
      queue.sort((a, b) => a.notBefore - b.notBefore);
      const wait = queue[0]!.notBefore - Date.now();
      if (wait <= 0) return queue.shift();
      await Promise.race([changed, new Promise((r) => setTimeout(r, wait))]);
    }
  }

  function settle(entry: Entry, outcome: ItemOutcome): void {
    const { job, attempt } = entry;
    if (outcome.kind === 'done') {
      results.set(job.item, outcome.summary);
    } else if (outcome.kind === 'cancelled') {
      results.set(job.item, { ...emptySummary(job.item, 'cancelled'), attempts: attempt });
    } else if (outcome.retryable && attempt < RETRY.attempts && !opts.signal.aborted) {
      const delay = backoffDelay(attempt);
      opts.hooks.retrying(job.item, attempt, outcome.message, delay);
      queue.push({ job, attempt: attempt + 1, notBefore: Date.now() + delay });
      return;
    } else {
      results.set(job.item, { ...outcome.summary, attempts: attempt });
    }
    opts.hooks.settled(results.get(job.item)!);
  }

  async function slot(): Promise<void> {
    let child: LocalChild | undefined;
    try {
      for (let entry; (entry = await take());) {
        inFlight++;
        let outcome: ItemOutcome;
        // A process killed while idle (between items, during a retry's backoff) is replaced first.
        if (child?.dead) {
          children.delete(child);
          child = undefined;
        }
        try {
          if (!child) {
            child = await LocalChild.start({ config: opts.config, threads: opts.threads });
            children.add(child);
          }
          if (opts.signal.aborted) {
            outcome = { kind: 'cancelled' }; // cancelled while the process started
          } else {
            opts.hooks.started(entry.job.item, child.worker, entry.attempt);
            const item = entry.job.item;
            outcome = await child.run(entry.job, entry.attempt, (f) => opts.hooks.progress(item, f));
          }
        } catch (err) {
          const message = (err as Error).message;
          outcome = {
            kind: 'failed',
            retryable: true,
            message,
            summary: { ...emptySummary(entry.job.item, 'failed', message), attempts: entry.attempt },
          };
        }
        if (child?.dead) {
          children.delete(child);
          child = undefined;
        }
        inFlight--;
        settle(entry, outcome);
        notify();
      }
    } finally {
      if (child) {
        child.stop();
        children.delete(child);
      }
    }
  }

  const done = Promise.all(Array.from({ length: size }, slot)).then(() => {
    for (const entry of queue.splice(0)) {
      const summary = emptySummary(entry.job.item, 'cancelled');
      results.set(entry.job.item, summary);
      opts.hooks.settled(summary);
    }
    return jobs.map((j) => results.get(j.item) ?? emptySummary(j.item, 'cancelled'));
  });
  return {
    done,
    kill: () => {
      for (const c of children) c.kill();
    },
  };
}
