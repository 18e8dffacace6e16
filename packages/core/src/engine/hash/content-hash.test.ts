import { beforeAll, describe, expect, it } from 'vitest';
import { hashValue, initHashing } from './content-hash.js';

beforeAll(initHashing);

describe('hashValue', () => {
  it('gives the hashes it always gave (disk caches and report keys depend on them)', () => {
    // Pinned from the streaming implementation that fed every token to the hasher one by one.
    const values = [
      { a: 1, b: 'x', c: [true, null, undefined] },
      { t: new Float32Array([1, 2, 3]), s: 'après', n: { m: new Uint8Array([9]) } },
      'plain',
      42,
      [new Int32Array(0), 'y'],
    ];
    expect(values.map((v) => hashValue(v))).toEqual([
      '8cedf7f3d9cacc3f',
      '953b10f88e17381e',
      'dd4200de9b059b2a',
      '88473dfe41c60169',
      'd6d4da217c7deb75',
    ]);
  });

  it('tells apart values that only differ in where text meets bytes', () => {
    expect(hashValue(['ab', new Uint8Array([1])])).not.toBe(hashValue(['a', 'b', new Uint8Array([1])]));
    expect(hashValue({ k: new Uint8Array([1, 2]) })).not.toBe(hashValue({ k: new Uint16Array([0x201]) }));
  });
});
