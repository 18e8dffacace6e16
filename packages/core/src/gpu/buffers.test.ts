// Buffer helpers, the pipeline cache and the error-scope check the other GPU tests rely on.
import { describe, expect, it } from 'vitest';
import {
  bufferSize,
  createBufferFromData,
  createStorageBuffer,
  readBuffer,
  readU32,
  writeBuffer,
} from './buffers.js';
import { workgroupGrid } from './dispatch.js';
import { computePipeline } from './pipeline-cache.js';
import { testGpu, withoutGpuErrors } from '../test-support/gpu.js';

describe('buffer helpers', () => {
  it('rounds sizes to whole words, never zero', () => {
    expect([0, 1, 4, 5, 4096].map(bufferSize)).toEqual([4, 4, 4, 8, 4096]);
  });

  it('round-trips data, including views on SharedArrayBuffers and at offsets', async () => {
    const { device } = await testGpu();
    const shared = new Uint32Array(new SharedArrayBuffer(40)).map((_, i) => i * 3);
    const buf = await withoutGpuErrors(device, async () => {
      const b = createBufferFromData(device, shared.subarray(2, 8));
      writeBuffer(device, b, new Uint32Array(new SharedArrayBuffer(8)).fill(99), 8);
      return b;
    });
    expect([...(await readU32(device, buf, 6))]).toEqual([6, 9, 99, 99, 18, 21]);
    expect([...(await readU32(device, buf, 2, 4))]).toEqual([18, 21]);
    expect((await readBuffer(device, buf, 0)).byteLength).toBe(0);
    buf.destroy();
  });

  it('sees validation errors (the check every GPU test relies on)', async () => {
    const { device } = await testGpu();
    const small = createStorageBuffer(device, 16);
    await expect(
      withoutGpuErrors(device, async () => {
        const enc = device.createCommandEncoder();
        enc.copyBufferToBuffer(small, 0, small, 8, 16); // out of range and overlapping
        device.queue.submit([enc.finish()]);
      }),
    ).rejects.toThrow(/WebGPU error/);
    small.destroy();
  });
});

describe('pipeline cache', () => {
  const wgsl = `@group(0) @binding(0) var<storage, read_write> d: array<u32>;
    @compute @workgroup_size(64) fn twice(@builtin(global_invocation_id) g: vec3<u32>) { if (g.x < arrayLength(&d)) { d[g.x] *= 2u; } }`;

  it('compiles a source once per device and entry point', async () => {
    const { device } = await testGpu();
    const a = computePipeline(device, wgsl, 'twice');
    expect(computePipeline(device, wgsl, 'twice')).toBe(a);
    const pipeline = await a;
    const buf = createBufferFromData(device, new Uint32Array([1, 2, 3]));
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(
      0,
      device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [{ binding: 0, resource: { buffer: buf } }],
      }),
    );
    pass.dispatchWorkgroups(1);
    pass.end();
    device.queue.submit([enc.finish()]);
    expect([...(await readU32(device, buf, 3))]).toEqual([2, 4, 6]);
    buf.destroy();
  });

  it('fails with the WGSL error and does not cache the failure', async () => {
    const { device } = await testGpu();
    const broken = 'fn oops() -> u32 { return 1.5; }\n@compute @workgroup_size(1) fn main() {}';
    device.pushErrorScope('validation'); // createShaderModule also reports through the scope
    const first = computePipeline(device, broken, 'main', 'broken kernel');
    await expect(first).rejects.toThrow(/compiling compute pipeline 'broken kernel' failed/);
    await device.popErrorScope();
    device.pushErrorScope('validation');
    const again = computePipeline(device, broken, 'main');
    expect(again).not.toBe(first);
    await again.catch(() => undefined);
    await device.popErrorScope();
  });
});

describe('workgroupGrid', () => {
  it('spills into y beyond the per-dimension limit', () => {
    expect(workgroupGrid(0, 65535)).toEqual([0, 1]);
    expect(workgroupGrid(65535, 65535)).toEqual([65535, 1]);
    expect(workgroupGrid(65536, 65535)).toEqual([32768, 2]);
    expect(workgroupGrid(11, 4)).toEqual([4, 3]);
    expect(() => workgroupGrid(17, 4)).toThrow(RangeError);
  });
});
