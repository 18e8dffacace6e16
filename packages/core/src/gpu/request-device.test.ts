import { describe, expect, it } from 'vitest';
import { GpuUnavailableError } from './gpu-context.js';
import { isSoftwareAdapter, requestGpuContext, snapshotLimits, summarizeAdapter } from './request-device.js';

const adapter = (info: Partial<GPUAdapterInfo>, extra: Record<string, unknown> = {}) =>
  ({ info, ...extra }) as unknown as GPUAdapter;

describe('adapter inspection', () => {
  it('flags fallback adapters and known CPU implementations as software', () => {
    expect(
      isSoftwareAdapter(adapter({ vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true })),
    ).toBe(true);
    // Older browsers: the flag on the adapter itself.
    expect(isSoftwareAdapter(adapter({ vendor: '' }, { isFallbackAdapter: true }))).toBe(true);
    // Dawn/Chrome name SwiftShader even when the fallback flag is absent; llvmpipe via GL/Vulkan.
    expect(isSoftwareAdapter(adapter({ vendor: 'google', architecture: 'swiftshader' }))).toBe(true);
    expect(
      isSoftwareAdapter(adapter({ vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' })),
    ).toBe(true);
    expect(
      isSoftwareAdapter(adapter({ vendor: 'nvidia', architecture: 'hopper', isFallbackAdapter: false })),
    ).toBe(false);
    expect(isSoftwareAdapter(adapter({ vendor: 'apple', architecture: 'metal-3' }))).toBe(false);
  });

  it('summarizes whatever info there is, and snapshots limits to plain numbers', () => {
    expect(summarizeAdapter({} as GPUAdapter)).toEqual({
      vendor: '',
      architecture: '',
      device: '',
      description: '',
    });
    class Limits {
      get maxBufferSize() {
        return 1024;
      }
      get maxBindGroups() {
        return 4;
      }
    }
    expect(snapshotLimits(new Limits() as unknown as GPUSupportedLimits)).toEqual({
      maxBufferSize: 1024,
      maxBindGroups: 4,
    });
  });

  it('reports a missing adapter as GpuUnavailableError with the host hint', async () => {
    const gpu = { requestAdapter: async () => null } as unknown as GPU;
    const err = await requestGpuContext(gpu, { installHint: 'install a driver' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GpuUnavailableError);
    expect((err as Error).message).toBe('no WebGPU adapter is available. install a driver');
  });
});
