import type { ItemOutcome } from './job-runtime.js';
import type { BatchJob } from './job.js';

/** Messages between the batch command and its local worker processes (Node IPC, JSON). */
export type ToChild = { type: 'run'; job: BatchJob; attempt: number } | { type: 'cancel' };

export type FromChild =
  | { type: 'ready'; worker: string }
  | { type: 'progress'; key: string; fraction: number }
  | { type: 'outcome'; key: string; outcome: ItemOutcome };

/** Settings a local worker process starts with, passed as its one argument (JSON). */
export interface ChildSettings {
  config: string | undefined;
  threads: number;
}
