import type { Job, Queue } from 'bullmq';
import { finishedReport, readItemReport } from './item-folder.js';
import { emptySummary, summaryFromReport, type ItemSummary } from './item-summary.js';

/**
 * An item's summary from its BullMQ job and its folder: a completed job carries the summary its
 * worker returned; a failed one carries only its reason, so figures come from the report the
 * worker wrote. No job (removed by a cancel, or expired) falls back to the folder.
 */
export async function summaryOfJob(
  queue: Queue,
  item: { id: string; key: string; skipped: boolean },
  out: string,
  scrub: (t: string) => string,
): Promise<ItemSummary> {
  if (item.skipped) {
    const report = await readItemReport(out, item.id);
    return report ? summaryFromReport(item.id, 'skipped', report, 0) : emptySummary(item.id, 'skipped');
  }
  const job = (await queue.getJob(item.key)) as Job | undefined;
  if (!job) {
    const report = await finishedReport(out, item.id, item.key);
    return report ? summaryFromReport(item.id, 'ok', report, 1) : emptySummary(item.id, 'cancelled');
  }
  const state = await job.getState();
  if (state === 'completed') {
    const value = job.returnvalue as ItemSummary | null;
    if (value && typeof value === 'object' && value.id === item.id) return value;
    const report = await readItemReport(out, item.id);
    return report ? summaryFromReport(item.id, 'ok', report, job.attemptsMade) : emptySummary(item.id, 'ok');
  }
  if (state === 'failed') {
    const reason = scrub(job.failedReason ?? 'failed');
    const report = await readItemReport(out, item.id);
    const base =
      report?.job?.key === item.key
        ? summaryFromReport(item.id, 'failed', report, job.attemptsMade)
        : { ...emptySummary(item.id, 'failed'), attempts: job.attemptsMade };
    return { ...base, error: reason };
  }
  return emptySummary(item.id, 'pending');
}
