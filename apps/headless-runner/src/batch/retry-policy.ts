/**
 * Which failures may pass on another try, and how long to wait. Shared by the local pool and the
 * BullMQ jobs so both behave alike. Nodes are pure (equal inputs give equal outputs), so a node
 * that fails on its input fails again: retrying a corrupt image only wastes the batch's time.
 */
export const RETRY = {
  /** Tries per item, the first included. */
  attempts: 3,
  /** Wait before the second try; doubles after each further failure. */
  backoffMs: 1000,
} as const;

export function backoffDelay(attemptsMade: number): number {
  return RETRY.backoffMs * 2 ** Math.max(0, attemptsMade - 1);
}

/** Messages of failures that are about where the item ran, not what it is. */
const TRANSIENT = [
  /\bworker \d+ (exited|crashed)\b/, // a node's worker thread died (out of memory, native crash)
  /worker pool has no workers left|workers keep dying on start/,
  /\btimed out\b/,
  /\b(EAGAIN|EBUSY|EMFILE|ENFILE|ENOMEM|ETIMEDOUT|ECONNRESET|ESTALE|EIO)\b/, // file systems of a farm: NFS hiccups
  /\bexited .*while running item\b/, // a local worker process died
];

export function isRetryable(message: string): boolean {
  return TRANSIENT.some((re) => re.test(message));
}
