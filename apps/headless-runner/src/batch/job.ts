import { createHash } from 'node:crypto';
import type { GraphPlan } from '@ffavatar/core';
import type { BatchItem } from './items.js';

/**
 * Everything a worker needs to run one item, as plain JSON: it crosses Redis or a process boundary.
 * Paths are absolute, so any machine that sees the same paths can run it.
 */
export interface BatchJob {
  /** Derived from graph, item and output folder: equal work gets an equal key (the BullMQ job id). */
  key: string;
  batch: string;
  item: string;
  graphPath: string;
  /** The graph document after --set overrides; workers validate it against their own registry. */
  doc: unknown;
  inputs: Record<string, unknown>;
  /** The batch's --out; the item's outputs go to `<out>/<item>/`. */
  out: string;
  /** Node packages beyond the built-in ones (file URLs), loaded by the worker that runs the job. */
  plugins: string[];
  /** Per-item time limit; a run that exceeds it is cancelled and retried. */
  timeoutMs: number | undefined;
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Hash of the graph as it will run: overrides are in the document, so params are covered. */
function graphHash(plan: GraphPlan): string {
  return sha(JSON.stringify(plan.doc));
}

/**
 * `<item>-<hash>`: readable in Redis tools, and never all digits or containing ":", which BullMQ
 * refuses as custom job ids.
 */
function jobKey(graph: string, item: BatchItem, out: string): string {
  return `${item.id}-${sha(JSON.stringify([graph, item.id, item.inputs, out])).slice(0, 16)}`;
}

/** The same graph, items and output folder give the same batch id, so a rerun reports under it. */
function batchId(graph: string, out: string, keys: readonly string[]): string {
  return `b${sha(JSON.stringify([graph, out, [...keys].sort()])).slice(0, 12)}`;
}

export function makeJobs(opts: {
  plan: GraphPlan;
  graphPath: string;
  items: readonly BatchItem[];
  out: string;
  plugins: string[];
  timeoutMs: number | undefined;
}): BatchJob[] {
  const graph = graphHash(opts.plan);
  const keys = opts.items.map((item) => jobKey(graph, item, opts.out));
  const batch = batchId(graph, opts.out, keys);
  return opts.items.map((item, i) => ({
    key: keys[i]!,
    batch,
    item: item.id,
    graphPath: opts.graphPath,
    doc: opts.plan.doc,
    inputs: item.inputs,
    out: opts.out,
    plugins: opts.plugins,
    timeoutMs: opts.timeoutMs,
  }));
}
