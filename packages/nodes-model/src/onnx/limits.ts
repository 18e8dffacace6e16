/**
 * Default refusal size for a model: wasm32 caps the heap at 4 GiB and a model is held twice while
 * a session loads it. Kept apart from session.ts so nodes can check it without loading the runtime.
 */
export const DEFAULT_MAX_MODEL_BYTES = 512 * 1024 * 1024;

export class ModelTooLargeError extends Error {
  override name = 'ModelTooLargeError';
  /** The engine's error code (ErrorCode): the file or input is unusable, a retry will not help. */
  readonly code = 'bad_input' as const;
}

/** Bytes as a person reads them: `512 MiB`, `1.5 MiB`, `65691 bytes`. */
function formatBytes(n: number): string {
  if (n < 2 ** 20) return `${n} bytes`;
  const mib = n / 2 ** 20;
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
}

/**
 * Refuses a model over `maxBytes` before anything parses it, naming it and the limit:
 * `model models/big.onnx is 612.3 MiB, over the 512 MiB limit (maxModelBytes) ...`.
 */
export function checkModelSize(size: number, maxBytes: number, name: string): void {
  if (size > maxBytes) {
    throw new ModelTooLargeError(
      `${name} is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit (maxModelBytes) for onnxruntime-web (wasm32 heap, model held twice while loading); raise maxModelBytes if it fits in memory, or export a smaller model (fp16, fewer layers)`,
    );
  }
}
