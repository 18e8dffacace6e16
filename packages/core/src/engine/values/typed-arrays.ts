export type TypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint8ClampedArray
  | Uint16Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

export function isTypedArray(value: unknown): value is TypedArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/**
 * Walks a port value and calls `visit` once per distinct ArrayBuffer it references.
 * SharedArrayBuffers are skipped: they are shared, not moved.
 */
export function forEachBuffer(value: unknown, visit: (buffer: ArrayBuffer) => void): void {
  const seen = new Set<ArrayBuffer>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    let buffer: ArrayBufferLike | undefined;
    if (ArrayBuffer.isView(v)) buffer = v.buffer;
    else if (v instanceof ArrayBuffer) buffer = v;
    if (buffer) {
      if (buffer instanceof ArrayBuffer && !seen.has(buffer)) {
        seen.add(buffer);
        visit(buffer);
      }
      continue;
    }
    if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
      continue;
    }
    if (v instanceof Map) {
      for (const item of v.values()) stack.push(item);
      continue;
    }
    for (const key of Object.keys(v)) stack.push((v as Record<string, unknown>)[key]);
  }
}

/** The buffers to list in postMessage's transfer list so the value moves instead of being copied. */
export function transferablesOf(value: unknown): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  forEachBuffer(value, (b) => {
    if (b.byteLength > 0) out.push(b);
  });
  return out;
}

/** Bytes held by the value's buffers: what the output cache charges for it. */
export function byteSizeOf(value: unknown): number {
  let total = 0;
  forEachBuffer(value, (b) => {
    total += b.byteLength;
  });
  return total;
}
