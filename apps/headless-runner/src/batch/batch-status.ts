import { Queue } from 'bullmq';
import { EXIT, UsageError } from '../errors.js';
import { loadBatchMeta } from './batch-meta.js';
import { buildBatchSummary, writeBatchSummary } from './batch-summary.js';
import { removeLeftovers } from './item-folder.js';
import { summaryOfJob } from './job-summary.js';
import { connection, logErrors, probeRedis, QUEUE_NAME } from './redis-queue.js';
import { parseRedisUrl, scrubber } from './redis-url.js';
import { report } from './run-batch.js';

/**
 * `ffavatar batch status <batch-id> --queue URL`: the batch's summary from its jobs, printed and
 * written to its batch.json (when this machine can reach the output folder). Exit 0 when every
 * item is finished fine, 1 when one failed, and 0 while items are still pending.
 */
export async function batchStatusCommand(
  batch: string,
  queueUrl: string | undefined,
  json: boolean,
): Promise<number> {
  if (!queueUrl)
    throw new UsageError(
      'batch status needs --queue URL (a local batch has no status to ask for: read its batch.json)',
    );
  const target = parseRedisUrl(queueUrl);
  const scrub = scrubber(target);
  const say = (line: string) => process.stderr.write(`${scrub(line)}\n`);
  await probeRedis(target);
  const queue = new Queue(QUEUE_NAME, { connection: connection(target) });
  logErrors(queue, say);
  try {
    const meta = await loadBatchMeta(queue, batch);
    if (!meta)
      throw new UsageError(`batch ${batch}: not found on ${target.display} (batches are kept 7 days)`);
    const items = [];
    for (const item of meta.items) items.push(await summaryOfJob(queue, item, meta.out, scrub));
    const summary = buildBatchSummary({
      batch,
      graph: meta.graph,
      out: meta.out,
      queue: target.display,
      cancelled: false,
      ms: Date.now() - Date.parse(meta.created),
      items,
    });
    if (summary.state === 'finished')
      await removeLeftovers(
        meta.out,
        meta.items.map((i) => i.id),
      ).catch(() => undefined);
    let file = `${meta.out}/batch.json`;
    try {
      file = await writeBatchSummary(summary);
    } catch (err) {
      say(`note: cannot update ${file}: ${(err as Error).message}`);
    }
    report(summary, file, json, say);
    return summary.counts.failed > 0 ? EXIT.nodeFailed : EXIT.ok;
  } finally {
    await queue.close().catch(() => undefined);
  }
}
