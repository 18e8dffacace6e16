/** A head-model file that cannot be used: names the file, the array key when there is one, and why. */
export class HeadModelFormatError extends Error {
  override readonly name = 'HeadModelFormatError';
  /** The engine's error code (ErrorCode): the file or input is unusable, a retry will not help. */
  readonly code = 'bad_input' as const;
  constructor(
    readonly source: string,
    readonly key: string | undefined,
    readonly problem: string,
  ) {
    super(`${source}: ${key === undefined ? '' : `key '${key}': `}${problem}`);
  }
}
