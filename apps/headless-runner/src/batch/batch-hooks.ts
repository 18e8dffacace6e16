import type { ItemSummary } from './item-summary.js';

/** What a backend (local pool or Redis) tells the batch command while items run. */
export interface BatchHooks {
  started(item: string, worker: string | undefined, attempt: number): void;
  /** Fraction of the item's nodes finished. */
  progress(item: string, fraction: number): void;
  retrying(item: string, attempt: number, message: string, delayMs: number): void;
  /** Called once per item with its final summary (ok, failed or cancelled). */
  settled(summary: ItemSummary): void;
}
