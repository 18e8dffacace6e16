// The GPU radix sort held to its CPU reference, and the CPU reference held to a plain stable sort,
// over sizes at and around block edges and key distributions that stress stability.
import { describe, expect, it } from 'vitest';
import { createBufferFromData, readU32 } from './buffers.js';
import { createRadixSortKeyValueU32, radixSortKeyValueU32 } from './radix-sort-u32.js';
import { radixSortKeyValueU32Cpu } from './radix-sort-u32-cpu.js';
import { RADIX_BLOCK } from './radix-sort-u32.wgsl.js';
import { keyMask } from './sort-key-bits.js';
import { firstDifference, randomU32, testGpu, withoutGpuErrors } from '../test-support/gpu.js';

type Distribution = 'random' | 'few distinct' | 'all equal' | 'sorted' | 'reverse';

function makeKeys(n: number, dist: Distribution, seed: number): Uint32Array {
  switch (dist) {
    case 'random':
      return randomU32(n, seed);
    // Many ties in every digit, with high bits set: the case where stability shows.
    case 'few distinct':
      return randomU32(n, seed, 7).map((v) => (v * 0x24924925) >>> 0);
    case 'all equal':
      return new Uint32Array(n).fill(0xdeadbeef);
    case 'sorted':
      return randomU32(n, seed).sort();
    case 'reverse':
      return randomU32(n, seed).sort().reverse();
  }
}

const iota = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

/** The obvious stable sort (V8's Array#sort is stable): the oracle for the CPU radix sort. */
function naiveSort(keys: Uint32Array, values: Uint32Array, keyBits: number) {
  const mask = keyMask(keyBits);
  const order = [...keys.keys()].sort((a, b) => ((keys[a]! & mask) >>> 0) - ((keys[b]! & mask) >>> 0));
  return {
    keys: Uint32Array.from(order, (i) => keys[i]!),
    values: Uint32Array.from(order, (i) => values[i]!),
  };
}

function expectSorted(
  got: { keys: Uint32Array; values: Uint32Array },
  want: { keys: Uint32Array; values: Uint32Array },
  what: string,
) {
  const k = firstDifference(got.keys, want.keys);
  expect(k, `${what}: keys differ first at ${k} (got ${got.keys[k]}, want ${want.keys[k]})`).toBe(-1);
  const v = firstDifference(got.values, want.values);
  expect(v, `${what}: values differ first at ${v} (got ${got.values[v]}, want ${want.values[v]})`).toBe(-1);
}

/** Values are input indices, so stable means: equal masked keys come with increasing values. */
function expectStable(keys: Uint32Array, values: Uint32Array, keyBits: number) {
  const mask = keyMask(keyBits);
  for (let i = 1; i < keys.length; i++) {
    const a = (keys[i - 1]! & mask) >>> 0,
      b = (keys[i]! & mask) >>> 0;
    if (a > b || (a === b && values[i - 1]! > values[i]!))
      throw new Error(`not sorted/stable at ${i}: (${a}, ${values[i - 1]}) then (${b}, ${values[i]})`);
  }
}

const distributions: Distribution[] = ['random', 'few distinct', 'all equal', 'sorted', 'reverse'];

describe('radixSortKeyValueU32Cpu', () => {
  it.each([0, 1, 2, 47, 48, 49, 1000, 100_000])(
    'equals a plain stable sort on %i pairs, every distribution and key width',
    (n) => {
      for (const dist of distributions) {
        for (const keyBits of [1, 4, 12, 16, 31, 32]) {
          const keys = makeKeys(n, dist, n + keyBits);
          const values = iota(n);
          const before = keys.slice();
          const got = radixSortKeyValueU32Cpu(keys, values, { keyBits });
          expectSorted(got, naiveSort(keys, values, keyBits), `${dist}, ${keyBits} bits`);
          expect(firstDifference(keys, before)).toBe(-1); // inputs untouched
        }
      }
    },
  );

  it('refuses bad arguments', () => {
    expect(() => radixSortKeyValueU32Cpu(new Uint32Array(2), new Uint32Array(3))).toThrow(/differ in length/);
    expect(() => radixSortKeyValueU32Cpu(new Uint32Array(2), new Uint32Array(2), { keyBits: 0 })).toThrow(
      /keyBits/,
    );
    expect(() => radixSortKeyValueU32Cpu(new Uint32Array(2), new Uint32Array(2), { keyBits: 33 })).toThrow(
      /keyBits/,
    );
  });
});

describe('radixSortKeyValueU32 on the GPU', () => {
  const sizes = [1, 2, 63, 64, 65, 255, 256, 257, RADIX_BLOCK - 1, RADIX_BLOCK, RADIX_BLOCK + 1, 100_000];

  it.each(sizes)(
    'matches the CPU on %i pairs, every distribution, 16- and 32-bit keys',
    async (n) => {
      const { device } = await testGpu();
      for (const dist of distributions) {
        for (const keyBits of [16, 32]) {
          const keys = makeKeys(n, dist, n);
          const values = iota(n);
          const gpu = await withoutGpuErrors(device, () =>
            radixSortKeyValueU32(device, keys, values, { keyBits }),
          );
          expectSorted(gpu, radixSortKeyValueU32Cpu(keys, values, { keyBits }), `${dist}, ${keyBits} bits`);
          expectStable(gpu.keys, gpu.values, keyBits);
        }
      }
    },
    60_000,
  );

  // A million pairs take seconds per sort on SwiftShader: the distributions that matter most.
  it.each([
    ['random', 32],
    ['random', 16],
    ['few distinct', 32],
    ['reverse', 16],
  ] as const)(
    'matches the CPU on 1_000_003 pairs (%s keys, %i bits)',
    async (dist, keyBits) => {
      const { device } = await testGpu();
      const n = 1_000_003;
      const keys = makeKeys(n, dist, 11);
      const values = iota(n);
      const gpu = await withoutGpuErrors(device, () =>
        radixSortKeyValueU32(device, keys, values, { keyBits }),
      );
      expectSorted(gpu, radixSortKeyValueU32Cpu(keys, values, { keyBits }), `${dist}, ${keyBits} bits`);
      expectStable(gpu.keys, gpu.values, keyBits);
    },
    60_000,
  );

  it('sorts odd pass counts (1 and 12 bits) back into the caller buffers, high bits riding along', async () => {
    const { device } = await testGpu();
    for (const keyBits of [1, 12, 20]) {
      const keys = randomU32(10_000, keyBits);
      const values = iota(10_000);
      const gpu = await withoutGpuErrors(device, () =>
        radixSortKeyValueU32(device, keys, values, { keyBits }),
      );
      expectSorted(gpu, radixSortKeyValueU32Cpu(keys, values, { keyBits }), `${keyBits} bits`);
    }
  });

  it('records two sorts of different lengths into one encoder, on a 2D grid, leaving words past count alone', async () => {
    const { device } = await testGpu();
    const sort = await createRadixSortKeyValueU32(device, { maxWorkgroupsPerDimension: 3, keyBits: 16 });
    const a = { keys: randomU32(RADIX_BLOCK * 4 + 1, 1, 1 << 16), values: iota(RADIX_BLOCK * 4 + 1) }; // 5 blocks: 3x2 grid
    const b = { keys: randomU32(600, 2), values: iota(600) };
    const tail = [7, 6, 5];
    const ka = createBufferFromData(device, a.keys),
      va = createBufferFromData(device, a.values);
    const kb = createBufferFromData(device, new Uint32Array([...b.keys, ...tail]));
    const vb = createBufferFromData(device, new Uint32Array([...b.values, ...tail]));
    await withoutGpuErrors(device, async () => {
      const encoder = device.createCommandEncoder();
      sort.encode(encoder, { keys: ka, values: va, count: a.keys.length });
      sort.encode(encoder, { keys: kb, values: vb, count: b.keys.length, keyBits: 32 });
      device.queue.submit([encoder.finish()]);
    });
    const gotA = {
      keys: await readU32(device, ka, a.keys.length),
      values: await readU32(device, va, a.keys.length),
    };
    expectSorted(gotA, radixSortKeyValueU32Cpu(a.keys, a.values, { keyBits: 16 }), 'first sort');
    const backK = await readU32(device, kb, b.keys.length + 3),
      backV = await readU32(device, vb, b.keys.length + 3);
    expectSorted(
      { keys: backK.subarray(0, 600), values: backV.subarray(0, 600) },
      radixSortKeyValueU32Cpu(b.keys, b.values),
      'second sort',
    );
    expect([...backK.subarray(600)]).toEqual(tail);
    expect([...backV.subarray(600)]).toEqual(tail);
    sort.destroy();
    for (const buf of [ka, va, kb, vb]) buf.destroy();
  });

  it('refuses bad arguments', async () => {
    const { device } = await testGpu();
    await expect(radixSortKeyValueU32(device, new Uint32Array(3), new Uint32Array(2))).rejects.toThrow(
      /differ in length/,
    );
    await expect(
      radixSortKeyValueU32(device, new Uint32Array(3), new Uint32Array(3), { keyBits: 40 }),
    ).rejects.toThrow(/keyBits/);
    const sort = await createRadixSortKeyValueU32(device);
    const small = createBufferFromData(device, new Uint32Array(4));
    expect(() =>
      sort.encode(device.createCommandEncoder(), { keys: small, values: small, count: 5 }),
    ).toThrow(/20-byte buffers/);
    small.destroy();
  });
});
