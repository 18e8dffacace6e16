/// <reference types="webgpu" preserve="true" />
// Stable key-value radix sort of u32 on the GPU, any length, sorting by the low `keyBits` bits.
// Per 4-bit digit: histogram per block, exclusive scan of the digit-major counts (the scan kernel),
// stable scatter. keyBits 16 takes 4 passes, 32 takes 8: depth or tile keys that fit fewer bits sort
// faster. The result lands back in the caller's buffers.
import { createBufferFromData, readU32 } from './buffers.js';
import { workgroupGrid } from './dispatch.js';
import { computePipeline } from './pipeline-cache.js';
import {
  RADIX_BITS,
  RADIX_BLOCK,
  RADIX_DIGITS,
  radixHistogramWgsl,
  radixScatterWgsl,
} from './radix-sort-u32.wgsl.js';
import { createExclusiveScanU32, type KernelOptions } from './scan-u32.js';
import { ScratchBuffers } from './scratch-buffers.js';
import { checkKeyBits } from './sort-key-bits.js';
import { UniformCache } from './uniform-cache.js';

export interface RadixSortU32Args {
  /** u32 keys (STORAGE | COPY_SRC | COPY_DST); sorted in place. */
  keys: GPUBuffer;
  /** u32 payload, permuted with the keys. */
  values: GPUBuffer;
  count: number;
  /** Sort by the low keyBits bits (1..32); higher bits ride along unsorted. Default: the kernel's. */
  keyBits?: number;
}

export interface RadixSortKeyValueU32 {
  /** Records the sort into `encoder` (compute pass, plus one copy when the pass count is odd). */
  encode(encoder: GPUCommandEncoder, args: RadixSortU32Args): void;
  /** Frees scratch buffers: only once no recorded or submitted work uses them. */
  destroy(): void;
}

/** Compiles (or reuses) the sort pipelines for `device`; the kernel owns its scratch buffers. */
export async function createRadixSortKeyValueU32(
  device: GPUDevice,
  opts: KernelOptions & { keyBits?: number } = {},
): Promise<RadixSortKeyValueU32> {
  const defaultKeyBits = checkKeyBits(opts.keyBits ?? 32);
  const [histogram, scatter, scan] = await Promise.all([
    computePipeline(device, radixHistogramWgsl(), 'radix_histogram'),
    computePipeline(device, radixScatterWgsl(), 'radix_scatter'),
    createExclusiveScanU32(device, opts),
  ]);
  const maxGroups = Math.min(
    opts.maxWorkgroupsPerDimension ?? Infinity,
    device.limits.maxComputeWorkgroupsPerDimension,
  );
  const maxBytes = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  const scratch = new ScratchBuffers(device, 'radix sort scratch');
  const params = new UniformCache(device, 'radix sort');
  const SCRATCH_KEYS = 0,
    SCRATCH_VALUES = 1,
    COUNTS = 2;

  const bind = (pipeline: GPUComputePipeline, buffers: GPUBuffer[]): GPUBindGroup =>
    device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });

  return {
    encode(encoder, { keys, values, count, keyBits = defaultKeyBits }) {
      checkKeyBits(keyBits);
      if (!Number.isInteger(count) || count < 0)
        throw new RangeError(`sort count must be a non-negative integer, got ${count}`);
      if (count <= 1) return;
      if (count * 4 > maxBytes)
        throw new RangeError(
          `sort of ${count} u32 exceeds the device's ${maxBytes}-byte storage binding limit`,
        );
      if (keys.size < count * 4 || values.size < count * 4)
        throw new RangeError(`sort of ${count} pairs needs ${count * 4}-byte buffers`);

      const blocks = Math.ceil(count / RADIX_BLOCK);
      const [x, y] = workgroupGrid(blocks, maxGroups);
      const tmpKeys = scratch.get(SCRATCH_KEYS, count * 4);
      const tmpValues = scratch.get(SCRATCH_VALUES, count * 4);
      const counts = scratch.get(COUNTS, RADIX_DIGITS * blocks * 4);
      const passes = Math.ceil(keyBits / RADIX_BITS);

      const pass = encoder.beginComputePass({ label: 'radix sort u32' });
      for (let p = 0; p < passes; p++) {
        const shift = p * RADIX_BITS;
        const mask = (1 << Math.min(RADIX_BITS, keyBits - shift)) - 1;
        const uniform = params.get([count, shift, mask, blocks]);
        const [srcK, srcV, dstK, dstV] =
          p % 2 === 0 ? [keys, values, tmpKeys, tmpValues] : [tmpKeys, tmpValues, keys, values];

        pass.setPipeline(histogram);
        pass.setBindGroup(0, bind(histogram, [uniform, srcK, counts]));
        pass.dispatchWorkgroups(x, y);
        scan.record(pass, { input: counts, count: RADIX_DIGITS * blocks });
        pass.setPipeline(scatter);
        pass.setBindGroup(0, bind(scatter, [uniform, srcK, srcV, counts, dstK, dstV]));
        pass.dispatchWorkgroups(x, y);
      }
      pass.end();
      if (passes % 2 === 1) {
        encoder.copyBufferToBuffer(tmpKeys, 0, keys, 0, count * 4);
        encoder.copyBufferToBuffer(tmpValues, 0, values, 0, count * 4);
      }
    },
    destroy() {
      scratch.destroy();
      params.destroy();
      scan.destroy();
    },
  };
}

const sortKernels = new WeakMap<GPUDevice, Promise<RadixSortKeyValueU32>>();

function sharedSort(device: GPUDevice): Promise<RadixSortKeyValueU32> {
  let kernel = sortKernels.get(device);
  if (!kernel) sortKernels.set(device, (kernel = createRadixSortKeyValueU32(device)));
  return kernel;
}

/**
 * Convenience: uploads, sorts on the GPU, reads back new arrays (inputs untouched). For data that
 * stays on the GPU use `createRadixSortKeyValueU32` and record into your own encoder.
 */
export async function radixSortKeyValueU32(
  device: GPUDevice,
  keys: Uint32Array,
  values: Uint32Array,
  opts: { keyBits?: number } = {},
): Promise<{ keys: Uint32Array; values: Uint32Array }> {
  if (keys.length !== values.length)
    throw new RangeError(`keys (${keys.length}) and values (${values.length}) differ in length`);
  const keyBits = checkKeyBits(opts.keyBits ?? 32);
  if (keys.length <= 1) return { keys: keys.slice(), values: values.slice() };
  const kernel = await sharedSort(device);
  const keyBuffer = createBufferFromData(device, keys, undefined, 'sort keys');
  const valueBuffer = createBufferFromData(device, values, undefined, 'sort values');
  try {
    const encoder = device.createCommandEncoder();
    kernel.encode(encoder, { keys: keyBuffer, values: valueBuffer, count: keys.length, keyBits });
    device.queue.submit([encoder.finish()]);
    const [k, v] = await Promise.all([
      readU32(device, keyBuffer, keys.length),
      readU32(device, valueBuffer, keys.length),
    ]);
    return { keys: k, values: v };
  } finally {
    keyBuffer.destroy();
    valueBuffer.destroy();
  }
}
