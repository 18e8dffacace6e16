/**
 * A file that cannot be read as Gaussians (glTF, SPZ, .splat): the message starts with the file,
 * and the engine's error code says a retry will not help (as PlyFormatError does for PLY).
 */
export class SplatFormatError extends Error {
  override name = 'SplatFormatError';
  readonly code = 'bad_input' as const;
  constructor(
    readonly source: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${source}: ${message}`, options);
  }
}
