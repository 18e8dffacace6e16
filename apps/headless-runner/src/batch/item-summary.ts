import type { NodeStatus } from '@ffavatar/core';
import type { Report } from '../commands/run.js';

/**
 * ok: ran in this batch; skipped: finished by an earlier batch (outputs and report reused);
 * failed: ran and failed (attempts exhausted, or a bad input that is never retried);
 * cancelled: the batch was stopped first; pending: still queued or running (status of a live batch).
 */
export type ItemStatus = 'ok' | 'failed' | 'skipped' | 'cancelled' | 'pending';

/** Small numbers a run produced, for reading a batch at a glance. */
interface ItemFigures {
  /** How many nodes ended in each status. */
  nodes: Partial<Record<NodeStatus, number>>;
  /** The graph's declared outputs that are scalars (numbers, text, booleans) or short lists of numbers. */
  outputs: Record<string, number | string | boolean | number[]>;
}

/** One entry of batch.json. Every key is always present (null when unknown), local or Redis alike. */
export interface ItemSummary {
  id: string;
  status: ItemStatus;
  /** Graph run time of the run that produced the item's report. */
  ms: number | null;
  /** Attempts made by this batch (0 when skipped or not started). */
  attempts: number;
  /** `host:pid` of the process that ran it. */
  worker: string | null;
  /** The item's report, relative to --out. */
  report: string | null;
  error: string | null;
  figures: ItemFigures | null;
}

export function emptySummary(id: string, status: ItemStatus, error: string | null = null): ItemSummary {
  return { id, status, ms: null, attempts: 0, worker: null, report: null, error, figures: null };
}

const MAX_LIST = 64;

/** Summary of an item from the report.json its run wrote. */
export function summaryFromReport(
  id: string,
  status: ItemStatus,
  report: Report,
  attempts: number,
): ItemSummary {
  const nodes: Partial<Record<NodeStatus, number>> = {};
  for (const n of Object.values(report.nodes)) nodes[n.status] = (nodes[n.status] ?? 0) + 1;
  const outputs: ItemFigures['outputs'] = {};
  for (const [name, written] of Object.entries(report.outputs)) {
    const value = (written as { value?: unknown } | undefined)?.value;
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')
      outputs[name] = value;
    // A mapped node's per-image numbers (a brightness per photo); long lists stay in the report.
    else if (Array.isArray(value) && value.length <= MAX_LIST && value.every((v) => typeof v === 'number'))
      outputs[name] = value as number[];
  }
  return {
    id,
    status,
    ms: report.ms,
    attempts,
    worker: report.job?.worker ?? null,
    report: `${id}/report.json`,
    error: report.ok ? null : errorText(report),
    figures: { nodes, outputs },
  };
}

/** The first error of a failed report, naming its node and port, as `ffavatar run` prints it. */
export function errorText(report: Report): string {
  if (report.cancelled) return 'cancelled';
  const e = report.errors[0];
  if (!e) return 'failed';
  const where = e.node
    ? `node "${e.node}"${e.port ? `, port "${e.port}"` : ''}`
    : e.port
      ? `graph input "${e.port}"`
      : 'graph';
  const more = report.errors.length > 1 ? ` (and ${report.errors.length - 1} more)` : '';
  return `${where}: ${e.message}${more}`;
}
