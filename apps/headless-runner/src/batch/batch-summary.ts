import { join } from 'node:path';
import { writeFileAtomic } from '@ffavatar/core/node';
import type { ItemStatus, ItemSummary } from './item-summary.js';

/** `DIR/batch.json`: the same shape whether the batch ran locally or through Redis. */
export interface BatchSummary {
  format: 'ffavatar-batch';
  version: 1;
  batch: string;
  graph: string;
  out: string;
  /** `local`, or the Redis URL with its password masked. */
  queue: string;
  /** running: written by --detach or a status of a live batch. */
  state: 'finished' | 'cancelled' | 'running';
  /** Every item ok or skipped. */
  ok: boolean;
  /** Wall time of the command that wrote this file. */
  ms: number;
  counts: Record<ItemStatus | 'total', number>;
  /** Items that ran in this batch per minute of wall time; null when none ran. */
  itemsPerMinute: number | null;
  items: ItemSummary[];
}

export function buildBatchSummary(opts: {
  batch: string;
  graph: string;
  out: string;
  queue: string;
  ms: number;
  cancelled: boolean;
  items: ItemSummary[];
}): BatchSummary {
  const counts: BatchSummary['counts'] = {
    total: opts.items.length,
    ok: 0,
    skipped: 0,
    failed: 0,
    cancelled: 0,
    pending: 0,
  };
  for (const item of opts.items) counts[item.status]++;
  const ran = counts.ok + counts.failed;
  return {
    format: 'ffavatar-batch',
    version: 1,
    batch: opts.batch,
    graph: opts.graph,
    out: opts.out,
    queue: opts.queue,
    state: opts.cancelled ? 'cancelled' : counts.pending > 0 ? 'running' : 'finished',
    ok: counts.ok + counts.skipped === counts.total,
    ms: opts.ms,
    counts,
    itemsPerMinute: ran > 0 && opts.ms > 0 ? (ran * 60_000) / opts.ms : null,
    items: [...opts.items].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

export async function writeBatchSummary(summary: BatchSummary): Promise<string> {
  const file = join(summary.out, 'batch.json');
  await writeFileAtomic(file, `${JSON.stringify(summary, null, 2)}\n`);
  return file;
}
