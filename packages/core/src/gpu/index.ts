// WebGPU plumbing shared by node packages (device per worker, buffers, scan, radix sort).
// Browser-safe: kernels take a GPUDevice; getting one is the host's job (`acquireGpu` in
// @ffavatar/core/node and @ffavatar/core/browser). Every kernel has a CPU twin, the fast path on
// machines without a hardware GPU.
export * from './gpu-context.js';
export * from './request-device.js';
export * from './backend-choice.js';
export * from './webgpu-constants.js';
export * from './buffers.js';
export * from './pipeline-cache.js';
export { workgroupGrid } from './dispatch.js';
export {
  createExclusiveScanU32,
  exclusiveScanU32,
  scanLevels,
  type ExclusiveScanU32,
  type KernelOptions,
  type ScanU32Args,
} from './scan-u32.js';
export { exclusiveScanU32Cpu } from './scan-u32-cpu.js';
export {
  createRadixSortKeyValueU32,
  radixSortKeyValueU32,
  type RadixSortKeyValueU32,
  type RadixSortU32Args,
} from './radix-sort-u32.js';
export { radixSortKeyValueU32Cpu, type SortedPairs } from './radix-sort-u32-cpu.js';
export { checkKeyBits, keyMask } from './sort-key-bits.js';
export { withoutGpuErrors } from './error-scope.js';
