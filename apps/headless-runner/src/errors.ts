/** Exit codes of the `ffavatar` command: 128 + the signal number for a run stopped by a signal. */
export const EXIT = { ok: 0, nodeFailed: 1, usage: 2, cancelled: 130, terminated: 143 } as const;

/** A problem with how the command was called (bad flag, missing file, invalid graph): exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
