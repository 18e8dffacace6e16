import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  errorCodeOf,
  formatProblem,
  validateGraph,
  type NodeRegistry,
  type WorkerPool,
} from '@ffavatar/core';
import { createNodeWorkerPool } from '@ffavatar/core/node';
import { runGraphToFolder } from '../commands/run.js';
import { commitItemDir, discardDir, finishedReport, makeTempItemDir } from './item-folder.js';
import { emptySummary, errorText, summaryFromReport, type ItemSummary } from './item-summary.js';
import type { BatchJob } from './job.js';
import { jobRegistries, type WorkerPlugins } from './job-registry.js';
import { isRetryable } from './retry-policy.js';

/**
 * done: the item is finished (ran now, or found finished by an earlier run of the same job);
 * failed: it ran (or could not start) and failed, with whether another try may pass;
 * cancelled: the run was stopped and its temp folder removed, nothing written.
 */
export type ItemOutcome =
  | { kind: 'done'; summary: ItemSummary }
  | { kind: 'failed'; summary: ItemSummary; retryable: boolean; message: string }
  | { kind: 'cancelled' };

interface RunJobOptions {
  /** 1 for the first try. */
  attempt: number;
  signal: AbortSignal;
  /** Fraction of the item's nodes finished. */
  onProgress?: (fraction: number) => void;
}

export interface JobRuntime {
  readonly worker: string;
  run(job: BatchJob, opts: RunJobOptions): Promise<ItemOutcome>;
  /** Waits for nothing: callers stop their jobs first. Stops the node worker threads. */
  close(): Promise<void>;
}

/** `host:pid`: which process ran an item, in logs, reports and batch.json. */
export const WORKER_NAME = `${hostname()}:${process.pid}`;

/**
 * Runs batch jobs in this process. Node worker threads are kept across jobs (starting them and
 * loading node packages costs more than a small item), and CPU work stays off this thread, which
 * must stay free to renew BullMQ's job lock: a blocked event loop makes a healthy job look stalled.
 */
export function createJobRuntime(opts: WorkerPlugins & { threads: number }): JobRuntime {
  const registryFor = jobRegistries(opts);
  const pools = new Map<NodeRegistry, WorkerPool>();
  const poolFor = (registry: NodeRegistry): WorkerPool => {
    let pool = pools.get(registry);
    if (!pool) {
      pool = createNodeWorkerPool({ plugins: registry.specifiers(), size: opts.threads });
      pools.set(registry, pool);
    }
    return pool;
  };

  async function run(job: BatchJob, { attempt, signal, onProgress }: RunJobOptions): Promise<ItemOutcome> {
    const final = join(job.out, job.item);
    // A retried or duplicated job (a stalled job handed to another worker) finds the work done.
    const earlier = await finishedReport(job.out, job.item, job.key);
    if (earlier) return { kind: 'done', summary: summaryFromReport(job.item, 'ok', earlier, attempt) };

    let registry: NodeRegistry;
    try {
      registry = await registryFor(job.plugins);
    } catch (err) {
      return failed(
        job.item,
        attempt,
        `cannot load the batch's node packages on ${WORKER_NAME}: ${(err as Error).message}`,
        false,
      );
    }
    const { plan, problems } = validateGraph(job.doc, registry);
    if (!plan) {
      return failed(
        job.item,
        attempt,
        `the graph is not valid on worker ${WORKER_NAME} (missing node package?): ${problems.map((p) => formatProblem(p)).join('; ')}`,
        false,
      );
    }

    const timeout = job.timeoutMs ? AbortSignal.timeout(job.timeoutMs) : undefined;
    const runSignal = timeout ? AbortSignal.any([signal, timeout]) : signal;
    const temp = await makeTempItemDir(job.out, job.item);
    let nodesDone = 0;
    try {
      const report = await runGraphToFolder({
        plan,
        graphPath: job.graphPath,
        inputs: job.inputs,
        outDir: temp,
        finalDir: final,
        pool: poolFor(registry),
        signal: runSignal,
        job: { batch: job.batch, item: job.item, key: job.key, worker: WORKER_NAME, attempt },
        onEvent: (e) => {
          if (e.type === 'node-finished' || e.type === 'node-error' || e.type === 'node-skipped')
            onProgress?.(++nodesDone / plan.order.length);
        },
      });
      if (report.cancelled) {
        await discardDir(temp);
        if (timeout?.aborted && !signal.aborted) {
          return failed(
            job.item,
            attempt,
            `timed out after ${(job.timeoutMs! / 1000).toFixed(1)} s on ${WORKER_NAME}`,
            true,
          );
        }
        return { kind: 'cancelled' };
      }
      await commitItemDir(temp, final);
      if (report.ok) return { kind: 'done', summary: summaryFromReport(job.item, 'ok', report, attempt) };
      const message = errorText(report);
      return {
        kind: 'failed',
        summary: summaryFromReport(job.item, 'failed', report, attempt),
        retryable: report.errors.some((e) => isRetryable(e.code)),
        message,
      };
    } catch (err) {
      // The runner itself failed (writing outputs, moving the folder): worth another try only
      // when the cause may pass (a busy or flaky file system), not for a missing or read-only --out.
      await discardDir(temp);
      if (signal.aborted) return { kind: 'cancelled' };
      const message = `${(err as Error).message} (on ${WORKER_NAME})`;
      return failed(job.item, attempt, message, isRetryable(errorCodeOf(err)));
    }
  }

  return {
    worker: WORKER_NAME,
    run,
    async close() {
      await Promise.all([...pools.values()].map((p) => p.close()));
      pools.clear();
    },
  };
}

function failed(item: string, attempt: number, message: string, retryable: boolean): ItemOutcome {
  return {
    kind: 'failed',
    summary: { ...emptySummary(item, 'failed', message), attempts: attempt, worker: WORKER_NAME },
    retryable,
    message,
  };
}
