import type { Queue } from 'bullmq';
import { KEEP_SECONDS } from './redis-queue.js';

/** What `ffavatar batch status` needs to rebuild a batch's summary from its jobs, kept in Redis. */
export interface BatchMeta {
  batch: string;
  graph: string;
  out: string;
  /** ISO time the batch was enqueued. */
  created: string;
  /** skipped: finished by an earlier run, so no job was enqueued for it. */
  items: { id: string; key: string; skipped: boolean }[];
}

const metaKey = (batch: string) => `ffavatar:batch:${batch}`;

export async function saveBatchMeta(queue: Queue, meta: BatchMeta): Promise<void> {
  const client = await queue.client;
  await client.set(metaKey(meta.batch), JSON.stringify(meta), 'EX', KEEP_SECONDS);
}

export async function loadBatchMeta(queue: Queue, batch: string): Promise<BatchMeta | undefined> {
  const client = await queue.client;
  const text = await client.get(metaKey(batch));
  return text ? (JSON.parse(text) as BatchMeta) : undefined;
}
