import { describe, expect, it } from 'vitest';
import { float16ToFloat32, float32ToFloat16 } from './float16.js';

const f32 = (bits: number) => new Float32Array(new Uint32Array([bits]).buffer)[0]!;
const toHalf = (x: number) => float32ToFloat16(new Float32Array([x]))[0]!;
const fromHalf = (h: number) => float16ToFloat32(new Uint16Array([h]))[0]!;

// [float32 input, expected half bits]; expectations cross-checked against numpy's astype(float16).
const CASES: Array<[number, number, string]> = [
  [0, 0x0000, 'zero'],
  [-0, 0x8000, 'negative zero'],
  [1, 0x3c00, 'one'],
  [-2, 0xc000, 'minus two'],
  [0.5, 0x3800, 'half'],
  [1 / 3, 0x3555, 'one third (rounds down)'],
  [0.1, 0x2e66, 'one tenth'],
  [65504, 0x7bff, 'largest half'],
  [65519.99, 0x7bff, 'just below the overflow midpoint'],
  [65520, 0x7c00, 'overflow midpoint ties up to Inf'],
  [1e10, 0x7c00, 'overflow'],
  [-1e10, 0xfc00, 'negative overflow'],
  [Infinity, 0x7c00, '+Inf'],
  [-Infinity, 0xfc00, '-Inf'],
  [2 ** -14, 0x0400, 'smallest normal'],
  [2 ** -24, 0x0001, 'smallest subnormal'],
  [1023 * 2 ** -24, 0x03ff, 'largest subnormal'],
  [2 ** -25, 0x0000, 'half the smallest subnormal ties to even (zero)'],
  [f32(0x33000001), 0x0001, 'just above 2^-25 rounds up'],
  [3 * 2 ** -25, 0x0002, '1.5 subnormal units ties to even (2)'],
  [-(2 ** -26), 0x8000, 'underflow keeps the sign'],
  [1 + 2 ** -11, 0x3c00, 'normal tie rounds to even (down)'],
  [1 + 3 * 2 ** -11, 0x3c02, 'normal tie rounds to even (up)'],
  [2 ** -14 - 2 ** -25, 0x0400, 'largest-subnormal + tie carries into the smallest normal'],
  [2047, 0x67ff, 'largest integer with an exact 11-bit mantissa'],
  [4097, 0x6c00, 'integer tie rounds to even'],
];

describe('float32ToFloat16', () => {
  it.each(CASES)('%s -> %s (%s)', (input, expected) => {
    expect(toHalf(input)).toBe(expected);
  });

  it('keeps NaN a NaN, with its sign, even when the payload is only in the low bits', () => {
    for (const bits of [0x7fc00000, 0x7f800001, 0xff800001, 0x7fffffff]) {
      const h = toHalf(f32(bits));
      expect(h & 0x7c00).toBe(0x7c00);
      expect(h & 0x3ff).not.toBe(0);
      expect(h & 0x8000).toBe(bits >>> 31 ? 0x8000 : 0);
    }
  });

  it('reads through subarray views at any element offset', () => {
    const backing = new Float32Array([9, 1, 2, 9]);
    expect([...float32ToFloat16(backing.subarray(1, 3))]).toEqual([0x3c00, 0x4000]);
  });
});

describe('float16ToFloat32', () => {
  it('decodes representative values exactly', () => {
    expect(fromHalf(0x0000)).toBe(0);
    expect(Object.is(fromHalf(0x8000), -0)).toBe(true);
    expect(fromHalf(0x3c00)).toBe(1);
    expect(fromHalf(0xc000)).toBe(-2);
    expect(fromHalf(0x7bff)).toBe(65504);
    expect(fromHalf(0x0400)).toBe(2 ** -14);
    expect(fromHalf(0x0001)).toBe(2 ** -24);
    expect(fromHalf(0x03ff)).toBe(1023 * 2 ** -24);
    expect(fromHalf(0x8001)).toBe(-(2 ** -24));
    expect(fromHalf(0x3555)).toBe(0.333251953125);
    expect(fromHalf(0x7c00)).toBe(Infinity);
    expect(fromHalf(0xfc00)).toBe(-Infinity);
    expect(fromHalf(0x7e00)).toBeNaN();
    expect(fromHalf(0x7c01)).toBeNaN();
  });

  it('round-trips every non-NaN half bit pattern', () => {
    const all = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const back = float32ToFloat16(float16ToFloat32(all));
    for (let h = 0; h < 65536; h++) {
      const isNaN = (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
      if (isNaN) expect(Number.isNaN(float16ToFloat32(new Uint16Array([back[h]!]))[0])).toBe(true);
      else if (back[h] !== h) expect.fail(`half 0x${h.toString(16)} came back as 0x${back[h]!.toString(16)}`);
    }
  });

  it('handles empty input', () => {
    expect(float16ToFloat32(new Uint16Array(0)).length).toBe(0);
    expect(float32ToFloat16(new Float32Array(0)).length).toBe(0);
  });
});
