import type { ErrorCode } from '@ffavatar/core';

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

/**
 * Codes of failures that are about where the item ran, not what it is: a dead worker, a timeout, a
 * busy or flaky file system. Decided on the code alone, never on message text.
 */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['worker_lost', 'timeout', 'unavailable']);

export function isRetryable(code: ErrorCode): boolean {
  return TRANSIENT.has(code);
}
