import { float16ToFloat32, type NdArray } from '@ffavatar/core/io';
import { HeadModelFormatError } from '../errors.js';

/**
 * Typed views of npz arrays for the loaders, each check failing with the file, the key, the shape
 * it expected and the one it found. Converted arrays are fresh (never views of the archive), so a
 * model owns its buffers and moves to a worker without dragging the whole file along.
 */
export class NpzArrays {
  constructor(
    readonly arrays: Record<string, NdArray>,
    readonly source: string,
  ) {}

  has(key: string): boolean {
    return key in this.arrays;
  }

  get(key: string): NdArray {
    const nd = this.arrays[key];
    if (!nd)
      throw new HeadModelFormatError(
        this.source,
        key,
        `missing (the file has: ${Object.keys(this.arrays).join(', ')})`,
      );
    return nd;
  }

  fail(key: string, problem: string): never {
    throw new HeadModelFormatError(this.source, key, problem);
  }

  /**
   * Checks the shape against a pattern: a number is a fixed size, a letter names a size that must
   * agree wherever it recurs (and is returned), `1?` is an optional leading axis of size 1.
   */
  shape(
    key: string,
    pattern: readonly (number | string)[],
    sizes: Record<string, number> = {},
  ): Record<string, number> {
    let shape = this.get(key).shape;
    const optionalOne = pattern[0] === '1?';
    const want = optionalOne ? pattern.slice(1) : pattern;
    if (optionalOne && shape.length === want.length + 1 && shape[0] === 1) shape = shape.slice(1);
    const text = `[${want.map((p) => (typeof p === 'number' ? String(p) : p)).join(', ')}]`;
    const found = `[${this.get(key).shape.join(', ')}]`;
    if (shape.length !== want.length) this.fail(key, `expected shape ${text}, found ${found}`);
    want.forEach((p, i) => {
      const n = shape[i]!;
      if (typeof p === 'number') {
        if (n !== p) this.fail(key, `expected shape ${text}, found ${found}`);
      } else if (sizes[p] === undefined) {
        sizes[p] = n;
      } else if (sizes[p] !== n) {
        this.fail(key, `expected shape ${text} with ${p} = ${sizes[p]}, found ${found}`);
      }
    });
    return sizes;
  }

  /** Any float dtype as f32 (half floats widened exactly). */
  float32(key: string): Float32Array {
    const nd = this.get(key);
    const d = nd.data;
    if (nd.dtype === 'f16') return float16ToFloat32(d as Uint16Array);
    if (nd.dtype === 'f32') return (d as Float32Array).slice();
    if (nd.dtype === 'f64') return Float32Array.from(d as Float64Array);
    return this.fail(key, `expected floating-point data, found dtype ${nd.dtype}`);
  }

  /** Any integer dtype as u32 indices, each checked to be in [0, limit). */
  indices(key: string, limit: number, what: string): Uint32Array {
    const ints = this.integers(key);
    const out = new Uint32Array(ints.length);
    for (let i = 0; i < ints.length; i++) {
      const x = ints[i]!;
      if (!(x >= 0 && x < limit)) this.fail(key, `entry ${i} is ${x}, outside the ${limit} ${what}`);
      out[i] = x;
    }
    return out;
  }

  /** Any integer dtype as plain numbers (64-bit values beyond 2^53 are refused). */
  integers(key: string): Float64Array {
    const nd = this.get(key);
    const d = nd.data;
    if (nd.dtype === 'str' || nd.dtype.startsWith('f'))
      this.fail(key, `expected integer data, found dtype ${nd.dtype}`);
    if (d instanceof BigInt64Array || d instanceof BigUint64Array) {
      const out = new Float64Array(d.length);
      for (let i = 0; i < d.length; i++) {
        const x = Number(d[i]!);
        if (!Number.isSafeInteger(x)) this.fail(key, `entry ${i} (${d[i]}) is too large`);
        out[i] = x;
      }
      return out;
    }
    return Float64Array.from(d as ArrayLike<number>);
  }

  strings(key: string): string[] {
    const nd = this.get(key);
    if (nd.dtype !== 'str') this.fail(key, `expected strings, found dtype ${nd.dtype}`);
    return (nd.data as string[]).slice();
  }
}
