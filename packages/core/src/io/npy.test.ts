import { describe, expect, it } from 'vitest';
import { type NdArray, NpyFormatError, readNpy, writeNpy } from './npy.js';

const latin1 = (bytes: Uint8Array) => String.fromCharCode(...bytes);
const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

/** Builds an .npy file by hand so fixtures do not depend on our own writer. */
function npyBytes(dict: string, body: ArrayLike<number>, major = 1): Uint8Array {
  const text = `${dict}\n`;
  const prefix = major === 1 ? 10 : 12;
  const out = new Uint8Array(prefix + text.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  for (let i = 0; i < text.length; i++) out[prefix + i] = text.charCodeAt(i);
  out.set(body, prefix + text.length);
  return out;
}

function bigEndianBody(values: number[], size: number, kind: 'f' | 'i' | 'u'): Uint8Array {
  const out = new Uint8Array(values.length * size);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    const o = i * size;
    if (kind === 'f' && size === 4) view.setFloat32(o, v);
    else if (kind === 'f') view.setFloat64(o, v);
    else if (size === 2 && kind === 'i') view.setInt16(o, v);
    else if (size === 2) view.setUint16(o, v);
    else if (size === 4 && kind === 'i') view.setInt32(o, v);
    else if (size === 4) view.setUint32(o, v);
    else if (kind === 'i') view.setBigInt64(o, BigInt(v));
    else view.setBigUint64(o, BigInt(v));
  });
  return out;
}

const ROUND_TRIP: NdArray[] = [
  { dtype: 'f16', shape: [2, 2], data: new Uint16Array([0x3c00, 0x7c00, 0x8000, 0x7e00]) },
  { dtype: 'f32', shape: [3], data: new Float32Array([1.5, -0, NaN]) },
  { dtype: 'f64', shape: [1, 3], data: new Float64Array([Math.PI, -Infinity, 5e-324]) },
  { dtype: 'i8', shape: [3], data: new Int8Array([-128, 0, 127]) },
  { dtype: 'i16', shape: [3], data: new Int16Array([-32768, 1, 32767]) },
  { dtype: 'i32', shape: [3, 1], data: new Int32Array([-(2 ** 31), 7, 2 ** 31 - 1]) },
  { dtype: 'i64', shape: [2], data: new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]) },
  { dtype: 'u8', shape: [2], data: new Uint8Array([0, 255]) },
  { dtype: 'u16', shape: [2], data: new Uint16Array([0, 65535]) },
  { dtype: 'u32', shape: [2], data: new Uint32Array([0, 2 ** 32 - 1]) },
  { dtype: 'u64', shape: [2], data: new BigUint64Array([0n, 2n ** 64n - 1n]) },
  { dtype: 'bool', shape: [2, 2], data: new Uint8Array([1, 0, 0, 1]) },
  { dtype: 'str', shape: [4], data: ['jawOpen', '', 'héllo', '𝄞 clef'] },
];

const ZERO_D: NdArray[] = ROUND_TRIP.map((a) => ({
  ...a,
  shape: [],
  data: a.dtype === 'str' ? ['x'] : (a.data as Float32Array).slice(0, 1),
}));

const EMPTY: NdArray[] = ROUND_TRIP.flatMap((a) => [
  { ...a, shape: [0], data: a.dtype === 'str' ? [] : (a.data as Float32Array).slice(0, 0) },
  { ...a, shape: [2, 0, 3], data: a.dtype === 'str' ? [] : (a.data as Float32Array).slice(0, 0) },
]);

function expectSameArray(actual: NdArray, expected: NdArray): void {
  expect(actual.dtype).toBe(expected.dtype);
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.data.constructor).toBe(expected.data.constructor);
  // Compare as plain arrays so NaN and -0 are checked by Object.is semantics.
  expect(Array.from(actual.data as ArrayLike<unknown>)).toEqual(
    Array.from(expected.data as ArrayLike<unknown>),
  );
}

describe('writeNpy / readNpy round trip', () => {
  it.each(ROUND_TRIP.map((a) => [a.dtype, a] as const))('%s', (_, arr) => {
    expectSameArray(readNpy(writeNpy(arr)), arr);
  });

  it.each(ZERO_D.map((a) => [a.dtype, a] as const))('0-d %s', (_, arr) => {
    const bytes = writeNpy(arr);
    expect(latin1(bytes.subarray(10, 80))).toContain("'shape': (), }");
    expectSameArray(readNpy(bytes), arr);
  });

  it.each(EMPTY.map((a) => [`${a.dtype} ${JSON.stringify(a.shape)}`, a] as const))('empty %s', (_, arr) => {
    expectSameArray(readNpy(writeNpy(arr)), arr);
  });

  it('writes numpy-compatible descr strings', () => {
    const descr = (a: NdArray) => /'descr': '([^']*)'/.exec(latin1(writeNpy(a)))?.[1];
    expect(ROUND_TRIP.map(descr)).toEqual([
      '<f2',
      '<f4',
      '<f8',
      '|i1',
      '<i2',
      '<i4',
      '<i8',
      '|u1',
      '<u2',
      '<u4',
      '<u8',
      '|b1',
      '<U7',
    ]);
    expect(descr({ dtype: 'str', shape: [1], data: [''] })).toBe('<U1'); // numpy never writes <U0
  });

  it('writes the reader a subarray view correctly (byteOffset honoured)', () => {
    const backing = new Float32Array([9, 1, 2, 3, 9]);
    const arr: NdArray = { dtype: 'f32', shape: [3], data: backing.subarray(1, 4) };
    expect(Array.from(readNpy(writeNpy(arr)).data as Float32Array)).toEqual([1, 2, 3]);
  });

  it('normalizes bool bytes to 0/1 on write and read', () => {
    const written = writeNpy({ dtype: 'bool', shape: [3], data: new Uint8Array([0, 2, 255]) });
    expect(Array.from(written.subarray(-3))).toEqual([0, 1, 1]);
    const raw = npyBytes("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", [0, 7, 1]);
    expect(Array.from(readNpy(raw).data as Uint8Array)).toEqual([0, 1, 1]);
  });
});

describe('writeNpy header', () => {
  it('matches numpy.save byte for byte for float32 [2,3]', () => {
    const bytes = writeNpy({ dtype: 'f32', shape: [2, 3], data: new Float32Array(6) });
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    // numpy: magic, version 1.0, uint16 LE header length 118, dict + spaces + '\n'.
    const expected = `\x93NUMPY\x01\x00\x76\x00${dict.padEnd(117, ' ')}\n`;
    expect(latin1(bytes.subarray(0, 128))).toBe(expected);
    expect(bytes.length).toBe(128 + 24);
  });

  it('pads every header to a multiple of 64 bytes', () => {
    for (const shape of [[], [1], [123456789], [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]]) {
      const count = shape.reduce((a, b) => a * b, 1);
      const bytes = writeNpy({ dtype: 'u8', shape, data: new Uint8Array(count) });
      expect((bytes.length - count) % 64).toBe(0);
      expect(bytes[bytes.length - count - 1]).toBe(0x0a);
    }
  });

  it('switches to format 2.0 when the header outgrows 64 KiB', () => {
    const shape = new Array<number>(22000).fill(1);
    const bytes = writeNpy({ dtype: 'u8', shape, data: new Uint8Array([42]) });
    expect([bytes[6], bytes[7]]).toEqual([2, 0]);
    expect((bytes.length - 1) % 64).toBe(0);
    const back = readNpy(bytes);
    expect(back.shape.length).toBe(22000);
    expect(Array.from(back.data as Uint8Array)).toEqual([42]);
  });

  it('rejects data that does not match dtype or shape', () => {
    expect(() => writeNpy({ dtype: 'f32', shape: [2], data: new Float64Array(2) }, "array 'x'")).toThrow(
      /array 'x' has dtype 'f32' which needs a Float32Array, got Float64Array/,
    );
    expect(() => writeNpy({ dtype: 'i32', shape: [2, 2], data: new Int32Array(3) })).toThrow(
      /shape \(2, 2\) \(4 elements\) but 3 data elements/,
    );
    expect(() => writeNpy({ dtype: 'str', shape: [1], data: new Uint8Array(1) })).toThrow(
      /not an array of strings/,
    );
    expect(() => writeNpy({ dtype: 'u8', shape: [-1], data: new Uint8Array(0) })).toThrow(/invalid shape/);
  });
});

describe('readNpy fixtures', () => {
  it('byte-swaps hand-built big-endian arrays', () => {
    const cases: Array<[string, number[], number, 'f' | 'i' | 'u', unknown[]]> = [
      ['>f4', [1.5, -2, 3.25], 4, 'f', [1.5, -2, 3.25]],
      ['>f8', [Math.PI, -0.5], 8, 'f', [Math.PI, -0.5]],
      ['>i2', [-2, 300], 2, 'i', [-2, 300]],
      ['>u4', [1, 4000000000], 4, 'u', [1, 4000000000]],
      ['>i8', [-5, 2 ** 40], 8, 'i', [-5n, 2n ** 40n]],
      ['>u8', [7, 2 ** 50], 8, 'u', [7n, 2n ** 50n]],
      ['>f2', [0x3c00, 0xc000], 2, 'u', [0x3c00, 0xc000]],
    ];
    for (const [descr, values, size, kind, expected] of cases) {
      const body = bigEndianBody(values, size, kind);
      const arr = readNpy(
        npyBytes(`{'descr': '${descr}', 'fortran_order': False, 'shape': (${values.length},), }`, body),
      );
      expect(Array.from(arr.data as ArrayLike<unknown>), descr).toEqual(expected);
    }
  });

  it('decodes big-endian unicode', () => {
    const body = bigEndianBody([0x61, 0x1d11e, 0, 0x62, 0, 0], 4, 'u');
    const arr = readNpy(npyBytes("{'descr': '>U3', 'fortran_order': False, 'shape': (2,), }", body));
    expect(arr).toEqual({ dtype: 'str', shape: [2], data: ['a\u{1d11e}', 'b'] });
  });

  it('keeps interior NULs and strips only trailing ones', () => {
    const body = new Uint8Array(new Uint32Array([0x61, 0, 0x62, 0]).buffer);
    const arr = readNpy(npyBytes("{'descr': '<U4', 'fortran_order': False, 'shape': (), }", body));
    expect(arr.data).toEqual(['a\0b']);
  });

  it('converts fortran order to C order', () => {
    // Fortran layout of [[0,1,2],[3,4,5]]: columns are contiguous.
    const body = new Uint8Array(new Int32Array([0, 3, 1, 4, 2, 5]).buffer);
    const arr = readNpy(npyBytes("{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), }", body));
    expect(arr.shape).toEqual([2, 3]);
    expect(Array.from(arr.data as Int32Array)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('converts 3-d big-endian fortran arrays and strings', () => {
    // C value at [i,j,k] is 100i + 10j + k; Fortran order enumerates i fastest.
    const shape = [2, 3, 4];
    const fortran: number[] = [];
    for (let k = 0; k < 4; k++)
      for (let j = 0; j < 3; j++) for (let i = 0; i < 2; i++) fortran.push(100 * i + 10 * j + k);
    const arr = readNpy(
      npyBytes(
        "{'descr': '>i2', 'fortran_order': True, 'shape': (2, 3, 4), }",
        bigEndianBody(fortran, 2, 'i'),
      ),
    );
    const expected: number[] = [];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) expected.push(100 * i + 10 * j + k);
    expect(arr.shape).toEqual(shape);
    expect(Array.from(arr.data as Int16Array)).toEqual(expected);

    const strBody = new Uint8Array(new Uint32Array([0x61, 0x63, 0x62, 0x64]).buffer); // 'a','c','b','d'
    const strs = readNpy(npyBytes("{'descr': '<U1', 'fortran_order': True, 'shape': (2, 2), }", strBody));
    expect(strs.data).toEqual(['a', 'b', 'c', 'd']);
  });

  it('reads files written by numpy (big-endian fortran, big-endian unicode, bool, format 3.0)', () => {
    // np.save(np.asfortranarray(np.arange(24, dtype='>i2').reshape(2, 3, 4)))
    const fortran = readNpy(
      fromBase64(
        'k05VTVBZAQB2AHsnZGVzY3InOiAnPmkyJywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMywgNCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAMAAQAEAAIABQAAQANAAUAEQAJABUAAgAOAAYAEgAKABYAAwAPAAcAEwALABc=',
      ),
    );
    expect(fortran.shape).toEqual([2, 3, 4]);
    expect(Array.from(fortran.data as Int16Array)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    // np.save(np.array(['héllo', '𝄞x', ''], dtype='>U5'))
    const strs = readNpy(
      fromBase64(
        'k05VTVBZAQB2AHsnZGVzY3InOiAnPlU1JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAABoAAAA6QAAAGwAAABsAAAAbwAB0R4AAAB4AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      ),
    );
    expect(strs.data).toEqual(['héllo', '𝄞x', '']);
    // np.save(np.array([[True, False, True]]))
    const bools = readNpy(
      fromBase64(
        'k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAE=',
      ),
    );
    expect(bools).toEqual({ dtype: 'bool', shape: [1, 3], data: new Uint8Array([1, 0, 1]) });
    // np.lib.format.write_array(f, np.arange(3, dtype='<f4'), version=(3, 0))
    const v3 = readNpy(
      fromBase64(
        'k05VTVBZAwB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMywpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAACAPwAAAEA=',
      ),
    );
    expect(Array.from(v3.data as Float32Array)).toEqual([0, 1, 2]);
  });

  it('reads format 2.0 and Python 2 style headers', () => {
    const v2 = npyBytes("{'descr': '<u2', 'fortran_order': False, 'shape': (2,), }", [1, 0, 2, 0], 2);
    expect(Array.from(readNpy(v2).data as Uint16Array)).toEqual([1, 2]);
    const py2 = npyBytes('{"descr": "<u2", "fortran_order": False, "shape": (1L, 2L)}', [1, 0, 2, 0]);
    expect(readNpy(py2).shape).toEqual([1, 2]);
  });

  it('aliases aligned payloads and copies misaligned ones', () => {
    const file = writeNpy({ dtype: 'f64', shape: [2], data: new Float64Array([1.25, -7]) });
    const aligned = readNpy(file);
    expect((aligned.data as Float64Array).buffer).toBe(file.buffer);

    for (let shift = 1; shift < 8; shift++) {
      const backing = new Uint8Array(file.length + shift);
      backing.set(file, shift);
      const arr = readNpy(backing.subarray(shift));
      expect(Array.from(arr.data as Float64Array)).toEqual([1.25, -7]);
      expect((arr.data as Float64Array).buffer).not.toBe(backing.buffer);
    }
  });
});

describe('readNpy on Node Buffers', () => {
  it("decodes big-endian and misaligned data without modifying the caller's Buffer", () => {
    const file = npyBytes(
      "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }",
      bigEndianBody([1.25, -7], 8, 'f'),
    );
    for (const shift of [0, 1, 3]) {
      const pool = Buffer.alloc(file.length + shift);
      pool.set(file, shift);
      const buf = pool.subarray(shift);
      const before = Buffer.from(buf);
      expect(Array.from(readNpy(buf).data as Float64Array)).toEqual([1.25, -7]);
      expect(buf.equals(before)).toBe(true);
    }
    const le = Buffer.concat([
      Buffer.alloc(1),
      writeNpy({ dtype: 'i32', shape: [2], data: new Int32Array([5, -6]) }),
    ]);
    expect(Array.from(readNpy(le.subarray(1)).data as Int32Array)).toEqual([5, -6]);
    const bools = readNpy(Buffer.from(writeNpy({ dtype: 'bool', shape: [2], data: new Uint8Array([1, 0]) })));
    expect(Object.getPrototypeOf(bools.data)).toBe(Uint8Array.prototype);
  });
});

describe('readNpy errors', () => {
  const header = (descr: string, shape = '(2,)') =>
    `{'descr': ${descr}, 'fortran_order': False, 'shape': ${shape}, }`;
  const expectError = (bytes: Uint8Array, pattern: RegExp) => {
    let error: unknown;
    try {
      readNpy(bytes, 'weights.npy');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(NpyFormatError);
    expect((error as Error).message).toMatch(/^weights\.npy: /);
    expect((error as Error).message).toMatch(pattern);
  };

  it('names bad magic', () => {
    expectError(new TextEncoder().encode('PK\x03\x04 not npy'), /bad magic.*starts with 0x504b0304/);
    expectError(new Uint8Array(0), /bad magic.*empty/);
  });

  it('quotes unsupported dtypes', () => {
    expectError(npyBytes(header("'<c8'"), []), /unsupported dtype '<c8'/);
    expectError(npyBytes(header("'|S4'"), []), /unsupported dtype '\|S4'/);
    expectError(
      npyBytes(header("[('x', '<f4'), ('y', '<f4')]"), []),
      /unsupported dtype \(\('x', '<f4'\), .*structured/,
    );
  });

  it('refuses object arrays', () => {
    expectError(npyBytes(header("'|O'"), []), /object arrays \(dtype '\|O'\) are not supported/);
  });

  it('reports truncated data with expected and actual sizes', () => {
    const bytes = writeNpy({ dtype: 'f32', shape: [2, 3], data: new Float32Array(6) });
    expectError(bytes.subarray(0, bytes.length - 4), /truncated data \(expected 24 bytes .*got 20\)/);
  });

  it('reports truncated and malformed headers', () => {
    const bytes = writeNpy({ dtype: 'u8', shape: [1], data: new Uint8Array(1) });
    expectError(bytes.subarray(0, 8), /truncated header/);
    expectError(bytes.subarray(0, 40), /truncated header \(expected 118 bytes, got 30\)/);
    expectError(npyBytes("{'descr': '<f4', 'shape': (2,)}", []), /lacks 'descr', 'fortran_order' or 'shape'/);
    expectError(npyBytes(header("'<f4'", '(2, -1)'), []), /'shape' is not a tuple of non-negative integers/);
    expectError(npyBytes("{'descr': '<f4', ", []), /cannot parse header/);
    const v9 = bytes.slice();
    v9[6] = 9;
    expectError(v9, /unsupported .npy format version 9.0/);
  });
});
