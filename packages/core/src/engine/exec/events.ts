import type { ErrorCode } from '../errors/node-error.js';

/** Everything a run reports, as one discriminated union (CLI progress, editor, tests). */
export type RunEvent =
  | { type: 'run-started'; nodes: number }
  | { type: 'node-started'; node: string; items: number | undefined }
  | {
      type: 'node-progress';
      node: string;
      item: number | undefined;
      fraction: number;
      message: string | undefined;
      /** Named numbers the node reported with this progress (ProgressValues), e.g. a loss. */
      values?: Readonly<Record<string, number>>;
    }
  | {
      type: 'node-warning';
      node: string;
      item: number | undefined;
      /** Something the user should know though the node succeeded, e.g. which of several faces it took. */
      message: string;
    }
  | { type: 'node-finished'; node: string; report: NodeReport }
  | {
      type: 'node-error';
      node: string;
      port: string | undefined;
      code: ErrorCode;
      message: string;
      item?: number;
    }
  | { type: 'node-skipped'; node: string; reason: string }
  | { type: 'run-finished'; ok: boolean; cancelled: boolean; ms: number };

export type NodeStatus = 'ran' | 'cached' | 'partial' | 'failed' | 'skipped' | 'cancelled';

export interface NodeReport {
  node: string;
  type: string;
  status: NodeStatus;
  /** Wall time from start to finish, including waiting for inputs lent to another worker. */
  ms: number;
  /** For mapped nodes: how many items ran and how many came from the cache. */
  items?: { ran: number; cached: number };
  /**
   * What the node's own memo (NodeContext.memo) served and kept in this run, when it used one:
   * e.g. the frames of a video whose tracking an earlier, shorter run had done.
   */
  memo?: { hits: number; stored: number };
  /** Worker ids that ran it; absent when it ran on the main thread or came from the cache. */
  workers?: number[];
  error?: { message: string; port: string | undefined; code: ErrorCode; item?: number };
}
