/**
 * IEEE 754 binary16 <-> binary32 conversion on raw bit patterns.
 *
 * Half floats are kept as `Uint16Array` bits everywhere in the IO layer because
 * `Float16Array` is not available in Node 20 and because keeping the bits
 * makes npy round trips lossless (NaN payloads included).
 */

// Every half has exactly one float32 image, so a 64K-entry table (256 KiB) turns the
// hot decode loop (millions of blendshape coefficients) into a single load per element.
// Built lazily so that importing the IO layer costs nothing when halves are never used.
let halfToFloatBits: Uint32Array | undefined;

function buildHalfTable(): Uint32Array {
  const table = new Uint32Array(65536);
  for (let h = 0; h < 65536; h++) table[h] = halfBitsToFloatBits(h);
  return table;
}

function halfBitsToFloatBits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exp = (h >>> 10) & 0x1f;
  let mant = h & 0x3ff;
  if (exp === 0x1f) {
    // Inf keeps a zero mantissa and NaN keeps its payload (shifted into the top bits).
    return (sign | 0x7f800000 | (mant << 13)) >>> 0;
  }
  if (exp !== 0) return (sign | ((exp + 112) << 23) | (mant << 13)) >>> 0;
  if (mant === 0) return sign >>> 0;
  // Subnormal half: every float32 can represent it as a normal, so shift the
  // mantissa up until the implicit bit appears and lower the exponent to match.
  let e = 113;
  while ((mant & 0x400) === 0) {
    mant <<= 1;
    e--;
  }
  return (sign | (e << 23) | ((mant & 0x3ff) << 13)) >>> 0;
}

/** Widens half-float bit patterns to float32 values (exact: every half is a float32). */
export function float16ToFloat32(src: Uint16Array): Float32Array {
  halfToFloatBits ??= buildHalfTable();
  const table = halfToFloatBits;
  const out = new Float32Array(src.length);
  const outBits = new Uint32Array(out.buffer);
  for (let i = 0; i < src.length; i++) outBits[i] = table[src[i]!]!;
  return out;
}

/**
 * Rounds float32 values to the nearest half (ties to even), the same rounding numpy
 * and GPUs use, so data converted here matches `astype(np.float16)` bit for bit.
 * Values beyond the half range become +/-Inf; NaN stays NaN (quiet, payload truncated).
 */
export function float32ToFloat16(src: Float32Array): Uint16Array {
  // Float32Array storage is always 4-byte aligned, so the bit view is always legal.
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  const out = new Uint16Array(src.length);
  for (let i = 0; i < bits.length; i++) out[i] = floatBitsToHalfBits(bits[i]!);
  return out;
}

function floatBitsToHalfBits(f: number): number {
  const sign = (f >>> 16) & 0x8000;
  const abs = f & 0x7fffffff;
  if (abs >= 0x7f800000) {
    // Setting the quiet bit guarantees a NaN never collapses into Inf when its
    // payload lives only in the low 13 bits that the half cannot hold.
    return abs === 0x7f800000 ? sign | 0x7c00 : sign | 0x7e00 | ((abs >>> 13) & 0x3ff);
  }
  // 65520 is halfway between the largest half (65504) and 2^16; ties-to-even rounds it up.
  if (abs >= 0x477ff000) return sign | 0x7c00;
  if (abs >= 0x38800000) {
    // Normal range: rebias the exponent (127 -> 15) and round away the low 13 bits.
    // A mantissa carry correctly bumps the exponent, so no special case is needed.
    return sign | roundShift(abs - 0x38000000, 13);
  }
  // Below 2^-25 (half of the smallest subnormal) everything rounds to signed zero;
  // exactly 2^-25 is a tie and rounds to the even value, zero, too.
  if (abs <= 0x33000000) return sign;
  // Subnormal half: the result is the float's value in units of 2^-24, i.e. the
  // full 24-bit significand shifted right by (126 - exponent).
  const exp = abs >>> 23;
  const significand = (abs & 0x7fffff) | 0x800000;
  return sign | roundShift(significand, 126 - exp);
}

/** `value >> shift`, rounded to nearest with ties to even. */
function roundShift(value: number, shift: number): number {
  const q = value >>> shift;
  const rem = value & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return rem > half || (rem === half && (q & 1) === 1) ? q + 1 : q;
}
