/// <reference types="webgpu" preserve="true" />
// Shared by the gpu/ tests (not exported): seeded data and a check that no WebGPU error slipped by.
import { acquireGpu } from '../node/gpu-device.js';
import type { GpuContext } from '../gpu/gpu-context.js';

export { withoutGpuErrors } from '../gpu/error-scope.js';

/**
 * The test device. No adapter is a failure, never a skip: acquireGpu's message says what to
 * install (apt-get install chromium libvulkan1 for SwiftShader).
 */
export function testGpu(): Promise<GpuContext> {
  return acquireGpu();
}

/** xorshift32, so failures reproduce. */
export function randomU32(n: number, seed: number, bound = 2 ** 32): Uint32Array {
  const out = new Uint32Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = bound === 2 ** 32 ? x : x % bound;
  }
  return out;
}

/** Index of the first difference, or -1: a readable failure instead of a million-element diff. */
export function firstDifference(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}
