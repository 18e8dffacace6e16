import type { ProgressValues } from '../exec/node-context.js';
import { AbortError, errorCodeOf, NodeError, type ErrorCode } from '../errors/node-error.js';
import type { FileRoots } from '../exec/node-context.js';
import type { InputIdentity } from '../exec/node-memo.js';

/** One node invocation sent to a worker. Inputs travel by transfer and come back with the result. */
export interface WorkerJob {
  readonly jobId: number;
  readonly nodeType: string;
  readonly nodeId: string;
  readonly item: number | undefined;
  readonly inputs: Record<string, unknown>;
  readonly params: unknown;
  readonly roots: FileRoots;
  /** The inputs' identities (NodeContext.inputIds). */
  readonly inputIds?: Record<string, InputIdentity>;
  /**
   * Where the worker posts `[fraction, message, values]` progress, `['warn', message]` warnings,
   * `['memo-get', id, keys]` (answered `['memo', id, values]` on the same port) and
   * `['memo-set', key, value]`, then `'done'` just before it replies,
   * so the last report is never overtaken by the reply. A port per job (not a comlink proxy):
   * it is closed when the job ends, so nothing keeps the process alive.
   */
  readonly progress: MessagePort | undefined;
}

export type WorkerReply =
  | { ok: true; outputs: Record<string, unknown>; inputs: Record<string, unknown>; ms: number }
  | { ok: false; error: SerializedError; inputs: Record<string, unknown>; ms: number };

export interface SerializedError {
  name: string;
  code: ErrorCode;
  message: string;
  stack: string | undefined;
  port: string | undefined;
}

export type ProgressCallback = (
  fraction: number,
  message: string | undefined,
  values?: ProgressValues | undefined,
) => void;

/** The API a worker exposes over comlink. Errors never reject: the reply carries them with the inputs. */
export { PortError } from '../errors/node-error.js';

export interface WorkerApi {
  /** Imports node packages by module specifier. Rejects with the failing specifier. */
  init(specifiers: string[]): Promise<string[]>;
  run(job: WorkerJob): Promise<WorkerReply>;
  cancel(jobId: number): void;
}

export function serializeError(err: unknown): SerializedError {
  const code = errorCodeOf(err);
  if (err instanceof Error) {
    return {
      name: err.name,
      code,
      message: err.message,
      stack: err.stack,
      port: (err as { port?: string }).port,
    };
  }
  return { name: 'Error', code, message: String(err), stack: undefined, port: undefined };
}

/** The error a worker's reply carries, rebuilt on this side with its code, port and stack. */
export function deserializeError(error: SerializedError): NodeError {
  const err =
    error.code === 'cancelled'
      ? new AbortError(error.message)
      : new NodeError(error.code, error.message, { port: error.port });
  if (error.stack) err.stack = error.stack;
  return err;
}
