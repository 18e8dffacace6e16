// DESIGN.md, Compute: `backend: auto` takes WebGPU on a hardware adapter and the CPU path on a
// software one (SwiftShader runs kernels ~10x slower than plain typed-array loops), and the run
// report says which ran and why.
import { adapterLabel, type GpuContext } from './gpu-context.js';

export type BackendRequest = 'auto' | 'webgpu' | 'cpu';

export interface BackendChoice {
  readonly backend: 'webgpu' | 'cpu';
  /** One sentence for the report, naming the adapter when there is one. */
  readonly reason: string;
}

/**
 * `gpu` is what acquisition gave: a context, the error it failed with, or undefined when not even
 * attempted. Asking for 'webgpu' without an adapter throws (an explicit request is never silently
 * downgraded); 'auto' falls back to the CPU.
 */
export function preferredBackend(
  gpu: GpuContext | Error | undefined,
  requested: BackendRequest,
): BackendChoice {
  const ctx = gpu instanceof Error ? undefined : gpu;
  const missing = gpu instanceof Error ? gpu.message : 'no WebGPU device was acquired';
  switch (requested) {
    case 'cpu':
      return { backend: 'cpu', reason: 'the CPU backend was requested' };
    case 'webgpu':
      if (!ctx) throw new Error(`backend 'webgpu' was requested but ${missing}`);
      return {
        backend: 'webgpu',
        reason: ctx.isSoftware
          ? `the webgpu backend was requested; ${adapterLabel(ctx.adapterInfo)} is a software adapter, expect it to be slower than the CPU path`
          : `the webgpu backend was requested; running on ${adapterLabel(ctx.adapterInfo)}`,
      };
    case 'auto':
      if (!ctx) return { backend: 'cpu', reason: `auto: CPU, because ${missing}` };
      if (ctx.isSoftware) {
        return {
          backend: 'cpu',
          reason: `auto: CPU, because ${adapterLabel(ctx.adapterInfo)} is a software adapter, where the CPU path is about 10x faster`,
        };
      }
      return {
        backend: 'webgpu',
        reason: `auto: WebGPU on the hardware adapter ${adapterLabel(ctx.adapterInfo)}`,
      };
  }
}
