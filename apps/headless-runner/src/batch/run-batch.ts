import { rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { NodeRegistry } from '@ffavatar/core';
import { EXIT, UsageError } from '../errors.js';
import { loadGraphFile } from '../graph-file.js';
import { parseGraphInputs } from '../graph-inputs.js';
import { buildBatchSummary, writeBatchSummary, type BatchSummary } from './batch-summary.js';
import { createBatchView, describe } from './batch-progress.js';
import { finishedReport, PARTIAL_DIR, removeLeftovers } from './item-folder.js';
import { emptySummary, summaryFromReport, type ItemSummary } from './item-summary.js';
import { resolveItems } from './items.js';
import { makeJobs } from './job.js';
import { runLocal } from './local-backend.js';
import { runOnRedis } from './redis-backend.js';
import { probeRedis } from './redis-queue.js';
import { parseRedisUrl, scrubber } from './redis-url.js';

export interface BatchFlags {
  graph: string;
  items: string | undefined;
  itemInput: string | undefined;
  out: string | undefined;
  inputs: string[];
  sets: string[];
  /** Local: worker processes. Ignored with --queue (workers set their own). */
  concurrency: number | undefined;
  /** Node worker threads per local worker process. */
  threads: number | undefined;
  queue: string | undefined;
  detach: boolean;
  timeoutS: number | undefined;
  json: boolean;
  config: string | undefined;
}

/**
 * `ffavatar batch`: one graph run per item, each into `<out>/<item>/`, summed up in
 * `<out>/batch.json`. Items already finished by an earlier run of the same job are skipped, not
 * rerun. Runs on local worker processes, or through BullMQ when --queue names a Redis.
 */
export async function batchCommand(registry: NodeRegistry, flags: BatchFlags): Promise<number> {
  const started = performance.now();
  if (!flags.items)
    throw new UsageError('batch needs --items FOLDER|LIST.json|GLOB (one graph run per item)');
  if (!flags.out)
    throw new UsageError(
      'batch needs --out DIR (each item goes to DIR/<item>/, the summary to DIR/batch.json)',
    );
  if (flags.detach && !flags.queue)
    throw new UsageError('--detach needs --queue: a local batch runs in this process');
  const target = flags.queue ? parseRedisUrl(flags.queue) : undefined;
  const scrub = scrubber(target);
  const graphPath = resolve(flags.graph);
  const plan = await loadGraphFile(graphPath, registry, flags.sets);
  const common = parseGraphInputs(plan, flags.inputs);
  const items = resolveItems(plan, flags.items, { itemInput: flags.itemInput });
  for (const name of Object.keys(common)) {
    if (items.some((i) => name in i.inputs))
      throw new UsageError(`--input ${name}: the items bind "${name}" too; give it one way`);
  }
  const out = resolve(flags.out);
  await mkdir(out, { recursive: true });
  const jobs = makeJobs({
    plan,
    graphPath,
    out,
    plugins: registry.specifiers(),
    items: items.map((i) => ({ ...i, inputs: { ...common, ...i.inputs } })),
    timeoutMs: flags.timeoutS === undefined ? undefined : flags.timeoutS * 1000,
  });
  const batch = jobs[0]!.batch;
  if (target) await probeRedis(target);

  const skipped = new Map<string, ItemSummary>();
  for (const job of jobs) {
    const report = await finishedReport(out, job.item, job.key);
    if (report) skipped.set(job.item, summaryFromReport(job.item, 'skipped', report, 0));
  }
  const todo = jobs.filter((j) => !skipped.has(j.item));
  const say = (line: string) => process.stderr.write(`${scrub(line)}\n`);
  say(
    `batch ${batch}: ${jobs.length} items, ${skipped.size} already finished, ${todo.length} to run ${target ? `on ${target.display}` : 'locally'}`,
  );

  const controller = new AbortController();
  let kill = () => {};
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      say(`\ncancelling batch ${batch} (Ctrl-C again to quit at once)`);
      controller.abort();
    } else {
      kill();
      if (!target) rmSync(join(out, PARTIAL_DIR), { recursive: true, force: true });
      process.exit(EXIT.cancelled);
    }
  };
  process.on('SIGINT', onSigint);

  const view = flags.detach ? undefined : createBatchView({ batch, total: jobs.length, done: skipped.size });
  const hooks = view ?? { started() {}, progress() {}, retrying() {}, settled() {} };
  let ran: Map<string, ItemSummary> | undefined;
  try {
    if (target) {
      ran = await runOnRedis(todo, {
        target,
        detach: flags.detach,
        hooks,
        signal: controller.signal,
        say,
        scrub,
        meta: {
          batch,
          graph: graphPath,
          out,
          created: new Date().toISOString(),
          items: jobs.map((j) => ({ id: j.item, key: j.key, skipped: skipped.has(j.item) })),
        },
      });
    } else if (todo.length === 0) {
      ran = new Map();
    } else {
      const local = runLocal(todo, {
        concurrency: flags.concurrency,
        threads: flags.threads ?? 1,
        config: flags.config,
        hooks,
        signal: controller.signal,
      });
      kill = local.kill;
      // Should the pool ever stop settling items, an emptied event loop must not read as success.
      const unsettled = () => {
        process.exitCode = 70; // EX_SOFTWARE
        say('ffavatar batch: internal error: the local pool stopped with items unsettled');
      };
      process.once('beforeExit', unsettled);
      try {
        ran = new Map((await local.done).map((s) => [s.id, s]));
      } finally {
        process.off('beforeExit', unsettled);
      }
    }
  } finally {
    view?.stop();
    process.off('SIGINT', onSigint);
  }

  const summaries = jobs.map(
    (j) => skipped.get(j.item) ?? ran?.get(j.item) ?? emptySummary(j.item, 'pending'),
  );
  if (!summaries.some((s) => s.status === 'pending'))
    await removeLeftovers(
      out,
      jobs.map((j) => j.item),
    );
  const summary = buildBatchSummary({
    batch,
    graph: graphPath,
    out,
    queue: target?.display ?? 'local',
    ms: performance.now() - started,
    cancelled: controller.signal.aborted,
    items: summaries.map((s) => ({ ...s, error: s.error === null ? null : scrub(s.error) })),
  });
  const file = await writeBatchSummary(summary);
  if (flags.detach) {
    say(`enqueued batch ${batch}; follow it with: ffavatar batch status ${batch} --queue ${target!.display}`);
    process.stdout.write(flags.json ? `${JSON.stringify(summary, null, 2)}\n` : `${batch}\n`);
    return EXIT.ok;
  }
  report(summary, file, flags.json, say);
  return summary.state === 'cancelled'
    ? EXIT.cancelled
    : summary.counts.failed > 0
      ? EXIT.nodeFailed
      : EXIT.ok;
}

/** The end of a batch: failed items with their messages, one line of totals, or the JSON. */
export function report(
  summary: BatchSummary,
  file: string,
  json: boolean,
  say: (line: string) => void,
): void {
  if (json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  for (const item of summary.items)
    if (item.status === 'failed') say(`error: item ${describe(item).replace(/ FAILED:/, ':')}`);
  const c = summary.counts;
  const rate = summary.itemsPerMinute === null ? '' : `, ${summary.itemsPerMinute.toFixed(1)} items/min`;
  say(
    `batch ${summary.batch} ${summary.state}: ${c.ok} ok, ${c.skipped} skipped, ${c.failed} failed${c.cancelled ? `, ${c.cancelled} cancelled` : ''}${c.pending ? `, ${c.pending} pending` : ''} in ${(summary.ms / 1000).toFixed(1)} s${rate} -> ${file}`,
  );
}
