/**
 * Why a node (or a run) failed, as data: the report, the CLI, the editor and the batch retry policy
 * decide on the code, never on message text.
 * - `bad_input`: an input, param or file the node was given is unusable; the same inputs fail again.
 * - `list_length_mismatch`: the List inputs of a mapped node have different lengths.
 * - `io`: a file could not be read or written (missing, denied, read-only, full); a retry will not help.
 * - `unavailable`: a transient condition of where it ran (a busy or flaky file system, too many open
 *   files); another try may pass.
 * - `worker_lost`: the worker running the node died (out of memory, native crash).
 * - `timeout`: the run took longer than it was allowed.
 * - `cancelled`: the run was cancelled.
 * - `assertion`: a `test.*` node's check did not hold (a metric below its bound, an image off its
 *   golden): the graph ran, its result is wrong; the same inputs fail again, so it is never retried.
 * - `internal`: anything else: a bug in the node or the engine.
 */
export type ErrorCode =
  | 'bad_input'
  | 'list_length_mismatch'
  | 'io'
  | 'unavailable'
  | 'worker_lost'
  | 'timeout'
  | 'cancelled'
  | 'assertion'
  | 'internal';

export const ERROR_CODES: readonly ErrorCode[] = [
  'bad_input',
  'list_length_mismatch',
  'io',
  'unavailable',
  'worker_lost',
  'timeout',
  'cancelled',
  'assertion',
  'internal',
];

export interface NodeErrorOptions {
  /** The port the failure is about, so messages read "node fit, port landmarks: ...". */
  port?: string | undefined;
  cause?: unknown;
}

/** A failure with a code. Nodes throw it (or PortError) for failures that are not bugs. */
export class NodeError extends Error {
  override name = 'NodeError';
  readonly port: string | undefined;
  constructor(
    readonly code: ErrorCode,
    message: string,
    opts: NodeErrorOptions = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.port = opts.port;
  }
}

/** A bad value on one port: `bad_input` about that port. */
export class PortError extends NodeError {
  override name = 'PortError';
  declare readonly port: string;
  constructor(port: string, message: string) {
    super('bad_input', message, { port });
  }
}

export class AbortError extends NodeError {
  override name = 'AbortError';
  constructor(message = 'the run was cancelled') {
    super('cancelled', message);
  }
}

/** Transient errno codes: about the machine at that moment, not the file. */
const TRANSIENT_ERRNO = new Set([
  'EAGAIN',
  'EBUSY',
  'EMFILE',
  'ENFILE',
  'ENOMEM',
  'ETIMEDOUT',
  'ECONNRESET',
  'ESTALE',
  'EIO',
  'EINTR',
]);

/**
 * The code of any thrown value: a NodeError's own; a `code` property that is an ErrorCode (how
 * libraries that must not import the engine, such as core's io, mark their format errors
 * `bad_input`); an errno's class; else `internal`.
 */
export function errorCodeOf(err: unknown): ErrorCode {
  if (err instanceof NodeError) return err.code;
  const own = (err as { code?: unknown } | null)?.code;
  if (isErrorCode(own)) return own;
  if (err instanceof Error && err.name === 'AbortError') return 'cancelled';
  if (err instanceof Error && err.name === 'TimeoutError') return 'timeout';
  const errno = (err as { code?: unknown } | null)?.code;
  if (typeof errno === 'string' && /^E[A-Z0-9]+$/.test(errno)) return ioCodeOf(errno);
  return 'internal';
}

/** `unavailable` for an errno that may pass on another try, else `io`. */
export function ioCodeOf(errno: string | undefined): ErrorCode {
  return errno && TRANSIENT_ERRNO.has(errno) ? 'unavailable' : 'io';
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
