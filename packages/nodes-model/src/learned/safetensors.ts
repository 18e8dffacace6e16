import type { WeightSource } from './weights.js';

/**
 * Weights from a safetensors file (8-byte little-endian header length, JSON header of
 * name -> { dtype, shape, data_offsets }, then the raw data), so a reference architecture can be
 * built with weights trained elsewhere under the same names (`encoder.blocks.0.attn.q.weight`, ...,
 * linear weights stored [in, out]). F32 and F16 are read; a missing name or another shape is an
 * error naming the tensor, never a silent fallback to random weights.
 */
export function safetensorsWeights(bytes: Uint8Array): WeightSource {
  if (bytes.byteLength < 8) throw new Error('not a safetensors file: shorter than its header length');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (8 + headerLength > bytes.byteLength)
    throw new Error(
      `not a safetensors file: header of ${headerLength} bytes in a ${bytes.byteLength}-byte file`,
    );
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Record<
    string,
    { dtype: string; shape: number[]; data_offsets: [number, number] } | Record<string, string>
  >;
  const base = 8 + headerLength;
  return {
    get(name, shape) {
      const entry = header[name];
      if (!entry || !('dtype' in entry) || typeof entry.dtype !== 'string')
        throw new Error(`safetensors: no tensor "${name}" (expected shape [${shape.join(', ')}])`);
      const e = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
      if (e.shape.join() !== shape.join())
        throw new Error(
          `safetensors: "${name}" has shape [${e.shape.join(', ')}], the architecture expects [${shape.join(', ')}]`,
        );
      const [start, end] = e.data_offsets;
      const n = shape.reduce((a, b) => a * b, 1);
      const out = new Float32Array(n);
      const dv = new DataView(bytes.buffer, bytes.byteOffset + base + start, end - start);
      if (e.dtype === 'F32' && end - start === n * 4)
        for (let i = 0; i < n; i++) out[i] = dv.getFloat32(i * 4, true);
      else if (e.dtype === 'F16' && end - start === n * 2)
        for (let i = 0; i < n; i++) out[i] = halfToFloat(dv.getUint16(i * 2, true));
      else
        throw new Error(
          `safetensors: "${name}" is ${e.dtype} with ${end - start} bytes; F32 or F16 of [${shape.join(', ')}] expected`,
        );
      return out;
    },
  };
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1,
    e = (h >> 10) & 0x1f,
    f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** Writes F32 tensors as a safetensors file (tests, and saving seeded weights for reuse). */
export function encodeSafetensors(
  tensors: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>,
): Uint8Array {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, t] of tensors) {
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of tensors.values()) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}
