// CPU reference and CPU fast path for the stable key-value sort: LSD radix on typed arrays with
// digits of up to 11 bits (32-bit keys in 3 passes, 16-bit in 2), every histogram counted in one
// read, and passes whose digit is the same for every key skipped.
import { checkKeyBits, keyMask } from './sort-key-bits.js';

const MAX_DIGIT_BITS = 11;
/** Below this an insertion sort beats building histograms. */
const SMALL = 48;

export interface SortedPairs {
  keys: Uint32Array;
  values: Uint32Array;
}

/**
 * Int32 view of the same bytes. Loops move keys and values through these: a Uint32Array read
 * above 2^31 is a heap double to the JIT, an Int32Array read never is (bits are unchanged).
 */
const i32 = (a: Uint32Array) => new Int32Array(a.buffer, a.byteOffset, a.length);

/**
 * Sorts pairs by `key & (2^keyBits - 1)`, stable (equal keys keep their input order); higher key
 * bits ride along unsorted, as on the GPU. Returns new arrays; the inputs are not touched.
 */
export function radixSortKeyValueU32Cpu(
  keys: Uint32Array,
  values: Uint32Array,
  opts: { keyBits?: number } = {},
): SortedPairs {
  const n = keys.length;
  if (values.length !== n) throw new RangeError(`keys (${n}) and values (${values.length}) differ in length`);
  const keyBits = checkKeyBits(opts.keyBits ?? 32);
  // `& mask` yields int32; every use below goes through `>>>`, which reads it back as unsigned.
  const mask = keyMask(keyBits);
  if (n <= SMALL) return insertionSort(keys, values, mask);

  const passes = Math.ceil(keyBits / MAX_DIGIT_BITS);
  const digitBits = Math.ceil(keyBits / passes);
  const radix = 1 << digitBits;
  const digitMask = radix - 1;

  const inKeys = i32(keys);
  const hist = new Int32Array(passes * radix);
  for (let i = 0; i < n; i++) {
    const k = inKeys[i]! & mask;
    for (let p = 0, shift = 0; p < passes; p++, shift += digitBits)
      hist[p * radix + ((k >>> shift) & digitMask)]!++;
  }
  const live: number[] = [];
  for (let p = 0; p < passes; p++) {
    let trivial = false;
    for (let d = 0; d < radix; d++) {
      const c = hist[p * radix + d]!;
      if (c === n) trivial = true;
      if (c !== 0) break;
    }
    if (!trivial) live.push(p);
  }

  const outKeys = new Uint32Array(n);
  const outValues = new Uint32Array(n);
  if (live.length === 0) {
    outKeys.set(keys);
    outValues.set(values);
    return { keys: outKeys, values: outValues };
  }
  const out = [i32(outKeys), i32(outValues)] as const;
  const tmp = live.length > 1 ? ([new Int32Array(n), new Int32Array(n)] as const) : out;
  // Choose the first destination so that the last pass writes into out.
  let [srcK, srcV] = [inKeys, i32(values)];
  let [dstK, dstV] = live.length % 2 === 1 ? out : tmp;
  const offsets = new Int32Array(radix);
  for (const p of live) {
    let sum = 0;
    for (let d = 0; d < radix; d++) {
      offsets[d] = sum;
      sum += hist[p * radix + d]!;
    }
    const shift = p * digitBits;
    for (let i = 0; i < n; i++) {
      const k = srcK[i]!;
      const at = offsets[((k & mask) >>> shift) & digitMask]!++;
      dstK[at] = k;
      dstV[at] = srcV[i]!;
    }
    [srcK, srcV] = [dstK, dstV];
    [dstK, dstV] = dstK === out[0] ? tmp : out;
  }
  return { keys: outKeys, values: outValues };
}

function insertionSort(keys: Uint32Array, values: Uint32Array, mask: number): SortedPairs {
  const k = keys.slice();
  const v = values.slice();
  for (let i = 1; i < k.length; i++) {
    const key = k[i]!,
      value = v[i]!,
      masked = (key & mask) >>> 0;
    let j = i - 1;
    // Strictly greater: equal keys stay in input order (stable).
    while (j >= 0 && (k[j]! & mask) >>> 0 > masked) {
      k[j + 1] = k[j]!;
      v[j + 1] = v[j]!;
      j--;
    }
    k[j + 1] = key;
    v[j + 1] = value;
  }
  return { keys: k, values: v };
}
