// CPU reference and CPU fast path for the exclusive u32 scan: same wrapping arithmetic as the GPU.

/** out[i] = (data[0] + ... + data[i-1]) mod 2^32. `out` may be `data` (in place). */
export function exclusiveScanU32Cpu(
  data: Uint32Array,
  out: Uint32Array = new Uint32Array(data.length),
): Uint32Array {
  if (out.length < data.length)
    throw new RangeError(`output holds ${out.length} elements, need ${data.length}`);
  // Int32 views of the same bytes: values stay small integers for the JIT (a Uint32Array read above
  // 2^31 is a heap double), and `| 0` wraps exactly like u32 addition. About 4x faster.
  const src = new Int32Array(data.buffer, data.byteOffset, data.length);
  const dst = new Int32Array(out.buffer, out.byteOffset, data.length);
  let sum = 0;
  for (let i = 0; i < src.length; i++) {
    const v = src[i]!;
    dst[i] = sum;
    sum = (sum + v) | 0;
  }
  return out;
}
