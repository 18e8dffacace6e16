// The GPU scan held to its CPU reference over lengths that end inside, at and past block edges,
// on one to three levels.
import { describe, expect, it } from 'vitest';
import { createBufferFromData, createStorageBuffer, readU32 } from './buffers.js';
import { createExclusiveScanU32, exclusiveScanU32, scanLevels } from './scan-u32.js';
import { exclusiveScanU32Cpu } from './scan-u32-cpu.js';
import { SCAN_BLOCK } from './scan-u32.wgsl.js';
import { firstDifference, randomU32, testGpu, withoutGpuErrors } from '../test-support/gpu.js';

function expectSame(gpu: Uint32Array, cpu: Uint32Array, what: string): void {
  const at = firstDifference(gpu, cpu);
  expect(at, `${what}: first difference at ${at} (gpu ${gpu[at]}, cpu ${cpu[at]})`).toBe(-1);
}

describe('exclusiveScanU32Cpu', () => {
  it('scans, wraps like u32 and can work in place', () => {
    expect([...exclusiveScanU32Cpu(new Uint32Array([3, 1, 4, 1, 5]))]).toEqual([0, 3, 4, 8, 9]);
    expect([...exclusiveScanU32Cpu(new Uint32Array([0xffffffff, 2, 7]))]).toEqual([0, 0xffffffff, 1]);
    const d = new Uint32Array([1, 1, 1]);
    expect(exclusiveScanU32Cpu(d, d)).toBe(d);
    expect([...d]).toEqual([0, 1, 2]);
    expect(exclusiveScanU32Cpu(new Uint32Array(0))).toHaveLength(0);
  });

  it('plans one level per factor of the block size', () => {
    expect(scanLevels(1)).toEqual([1]);
    expect(scanLevels(SCAN_BLOCK)).toEqual([SCAN_BLOCK]);
    expect(scanLevels(SCAN_BLOCK + 1)).toEqual([SCAN_BLOCK + 1, 2]);
    expect(scanLevels(SCAN_BLOCK * SCAN_BLOCK + 1)).toEqual([SCAN_BLOCK * SCAN_BLOCK + 1, SCAN_BLOCK + 1, 2]);
  });
});

describe('exclusiveScanU32 on the GPU', () => {
  const sizes = [
    1,
    2,
    63,
    64,
    65,
    255,
    256,
    257,
    SCAN_BLOCK - 1,
    SCAN_BLOCK,
    SCAN_BLOCK + 1,
    100_000,
    1_000_003,
  ];

  it.each(sizes)('matches the CPU on %i random u32 (wrapping sums)', async (n) => {
    const { device } = await testGpu();
    const data = randomU32(n, n);
    const gpu = await withoutGpuErrors(device, () => exclusiveScanU32(device, data));
    expectSame(gpu, exclusiveScanU32Cpu(data), `n=${n}`);
  });

  it('matches the CPU on three levels (4096^2 + 3 ones) and on zeros', async () => {
    const { device } = await testGpu();
    const n = SCAN_BLOCK * SCAN_BLOCK + 3;
    const ones = new Uint32Array(n).fill(1);
    const gpu = await withoutGpuErrors(device, () => exclusiveScanU32(device, ones));
    expect(gpu[n - 1]).toBe(n - 1);
    expectSame(gpu, exclusiveScanU32Cpu(ones), 'ones');
    const zeros = await exclusiveScanU32(device, new Uint32Array(257));
    expect(zeros.every((v) => v === 0)).toBe(true);
  }, 60_000);

  it('scans out of place, leaves words past count alone, and records two lengths into one encoder', async () => {
    const { device } = await testGpu();
    const scan = await createExclusiveScanU32(device);
    const a = randomU32(10_000, 7, 1000);
    const b = randomU32(300, 8, 1000);
    const inA = createBufferFromData(device, a);
    const outA = createStorageBuffer(device, a.byteLength);
    const inB = createBufferFromData(device, new Uint32Array([...b, 99, 98]));
    await withoutGpuErrors(device, async () => {
      const encoder = device.createCommandEncoder();
      scan.encode(encoder, { input: inA, output: outA, count: a.length });
      scan.encode(encoder, { input: inB, count: b.length });
      device.queue.submit([encoder.finish()]);
    });
    expectSame(await readU32(device, outA, a.length), exclusiveScanU32Cpu(a), 'out of place');
    expectSame(await readU32(device, inA, a.length), a, 'input untouched');
    const backB = await readU32(device, inB, b.length + 2);
    expectSame(backB.subarray(0, b.length), exclusiveScanU32Cpu(b), 'in place');
    expect([...backB.subarray(b.length)]).toEqual([99, 98]);
    scan.destroy();
    for (const buf of [inA, outA, inB]) buf.destroy();
  });

  it('covers long grids by spilling into a second dimension', async () => {
    const { device } = await testGpu();
    const scan = await createExclusiveScanU32(device, { maxWorkgroupsPerDimension: 4 });
    const n = SCAN_BLOCK * 10 + 5; // 11 blocks on a 4x3 grid, one group idle
    const data = randomU32(n, 3);
    const buf = createBufferFromData(device, data);
    await withoutGpuErrors(device, async () => {
      const encoder = device.createCommandEncoder();
      scan.encode(encoder, { input: buf, count: n });
      device.queue.submit([encoder.finish()]);
    });
    expectSame(await readU32(device, buf, n), exclusiveScanU32Cpu(data), '2D grid');
    buf.destroy();
    scan.destroy();
  });

  it('refuses counts its buffers cannot hold', async () => {
    const { device } = await testGpu();
    const scan = await createExclusiveScanU32(device);
    const buf = createStorageBuffer(device, 16);
    expect(() => scan.encode(device.createCommandEncoder(), { input: buf, count: 5 })).toThrow(
      /needs 20-byte buffers/,
    );
    expect(() => scan.encode(device.createCommandEncoder(), { input: buf, count: -1 })).toThrow(RangeError);
    buf.destroy();
  });
});
