/// <reference types="webgpu" preserve="true" />
// Exclusive prefix sum of u32 on the GPU, any length: scan blocks of SCAN_BLOCK elements, scan the
// block totals the same way (recursively, one level per factor of 1024), add them back down.
import { createBufferFromData, readU32 } from './buffers.js';
import { workgroupGrid } from './dispatch.js';
import { computePipeline } from './pipeline-cache.js';
import { SCAN_BLOCK, addBlockSumsWgsl, scanBlocksWgsl } from './scan-u32.wgsl.js';
import { ScratchBuffers } from './scratch-buffers.js';
import { UniformCache } from './uniform-cache.js';

export interface ScanU32Args {
  input: GPUBuffer;
  /** Defaults to `input` (scan in place). Must not overlap `input` otherwise. */
  output?: GPUBuffer;
  /** Elements from offset 0 of each buffer. */
  count: number;
}

export interface ExclusiveScanU32 {
  /** Records the scan into `encoder` in a compute pass of its own. Nothing is submitted. */
  encode(encoder: GPUCommandEncoder, args: ScanU32Args): void;
  /** Records the scan into a compute pass the caller keeps open (dispatches there run in order). */
  record(pass: GPUComputePassEncoder, args: ScanU32Args): void;
  /** Frees scratch and parameter buffers: only once no recorded or submitted work uses them. */
  destroy(): void;
}

/** Element counts per level: [count, blocks of count, blocks of those, ..., a single block]. */
export function scanLevels(count: number): number[] {
  const levels = [count];
  while (levels[levels.length - 1]! > SCAN_BLOCK)
    levels.push(Math.ceil(levels[levels.length - 1]! / SCAN_BLOCK));
  return levels;
}

export interface KernelOptions {
  /** Caps workgroups per grid dimension below the device limit: lets tests reach the 2D-grid path. */
  maxWorkgroupsPerDimension?: number;
}

/** Compiles (or reuses) the scan pipelines for `device` and returns a kernel with its own scratch. */
export async function createExclusiveScanU32(
  device: GPUDevice,
  opts: KernelOptions = {},
): Promise<ExclusiveScanU32> {
  const [scanInPlace, scanCopy, add] = await Promise.all([
    computePipeline(device, scanBlocksWgsl(true), 'scan_blocks', 'scan_blocks (in place)'),
    computePipeline(device, scanBlocksWgsl(false), 'scan_blocks', 'scan_blocks'),
    computePipeline(device, addBlockSumsWgsl, 'add_block_sums'),
  ]);
  const maxGroups = Math.min(
    opts.maxWorkgroupsPerDimension ?? Infinity,
    device.limits.maxComputeWorkgroupsPerDimension,
  );
  const maxBytes = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  const scratch = new ScratchBuffers(device, 'scan level sums');
  const params = new UniformCache(device, 'scan');

  const bind = (pipeline: GPUComputePipeline, buffers: GPUBuffer[]): GPUBindGroup =>
    device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });

  const dispatch = (
    pass: GPUComputePassEncoder,
    pipeline: GPUComputePipeline,
    group: GPUBindGroup,
    n: number,
  ) => {
    const [x, y] = workgroupGrid(Math.ceil(n / SCAN_BLOCK), maxGroups);
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(x, y);
  };

  const record = (pass: GPUComputePassEncoder, { input, output = input, count }: ScanU32Args) => {
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError(`scan count must be a non-negative integer, got ${count}`);
    if (count === 0) return;
    if (count * 4 > maxBytes)
      throw new RangeError(
        `scan of ${count} u32 exceeds the device's ${maxBytes}-byte storage binding limit`,
      );
    if (input.size < count * 4 || output.size < count * 4)
      throw new RangeError(`scan of ${count} u32 needs ${count * 4}-byte buffers`);
    const levels = scanLevels(count);
    // sums[i] receives the block totals of level i (one word for the last level, never read).
    const sums = levels.map((n, i) => scratch.get(i, Math.ceil(n / SCAN_BLOCK) * 4));
    const uniforms = levels.map((n) => params.get([n]));

    // Up: scan each level, leaving block totals for the next.
    for (let i = 0; i < levels.length; i++) {
      const n = levels[i]!;
      if (i === 0 && input !== output) {
        dispatch(pass, scanCopy, bind(scanCopy, [uniforms[0]!, output, sums[0]!, input]), n);
      } else {
        const data = i === 0 ? output : sums[i - 1]!;
        dispatch(pass, scanInPlace, bind(scanInPlace, [uniforms[i]!, data, sums[i]!]), n);
      }
    }
    // Down: add the scanned totals of level i+1 to the blocks of level i.
    for (let i = levels.length - 2; i >= 0; i--) {
      const data = i === 0 ? output : sums[i - 1]!;
      dispatch(pass, add, bind(add, [uniforms[i]!, data, sums[i]!]), levels[i]!);
    }
  };

  return {
    record,
    encode(encoder, args) {
      const pass = encoder.beginComputePass({ label: 'exclusive scan u32' });
      record(pass, args);
      pass.end();
    },
    destroy() {
      scratch.destroy();
      params.destroy();
    },
  };
}

const scanKernels = new WeakMap<GPUDevice, Promise<ExclusiveScanU32>>();

/** One shared kernel per device for the array wrapper (its scratch is reused between calls). */
function sharedScan(device: GPUDevice): Promise<ExclusiveScanU32> {
  let kernel = scanKernels.get(device);
  if (!kernel) scanKernels.set(device, (kernel = createExclusiveScanU32(device)));
  return kernel;
}

/**
 * Convenience: uploads `data`, scans on the GPU, reads the result back. For data already on the GPU
 * use `createExclusiveScanU32` and record into your own encoder instead.
 */
export async function exclusiveScanU32(device: GPUDevice, data: Uint32Array): Promise<Uint32Array> {
  if (data.length === 0) return new Uint32Array(0);
  const kernel = await sharedScan(device);
  const buffer = createBufferFromData(device, data, undefined, 'scan data');
  try {
    const encoder = device.createCommandEncoder();
    kernel.encode(encoder, { input: buffer, count: data.length });
    device.queue.submit([encoder.finish()]);
    return await readU32(device, buffer, data.length);
  } finally {
    buffer.destroy();
  }
}
