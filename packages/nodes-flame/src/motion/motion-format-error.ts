/** A motion file that cannot be read: names the file, and the line and column when there is one. */
export class MotionFormatError extends Error {
  override readonly name = 'MotionFormatError';
  /** The engine's error code (ErrorCode): the file is unusable, a retry will not help. */
  readonly code = 'bad_input' as const;
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(
      `${file}${line === undefined ? '' : `:${line}`}${column === undefined ? '' : `:${column}`}: ${problem}`,
    );
  }
}
