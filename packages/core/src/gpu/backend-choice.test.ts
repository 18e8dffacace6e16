import { describe, expect, it } from 'vitest';
import { preferredBackend } from './backend-choice.js';
import type { GpuContext } from './gpu-context.js';

const fake = (isSoftware: boolean): GpuContext => ({
  device: {} as GPUDevice,
  adapterInfo: isSoftware
    ? { vendor: 'google', architecture: 'swiftshader', device: '', description: 'SwiftShader driver 5.0.0' }
    : { vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H100' },
  isSoftware,
  limits: {} as GpuContext['limits'],
  features: [],
});

describe('preferredBackend', () => {
  it('auto: WebGPU on hardware, CPU on a software adapter or without one, saying why', () => {
    expect(preferredBackend(fake(false), 'auto')).toEqual({
      backend: 'webgpu',
      reason: 'auto: WebGPU on the hardware adapter nvidia hopper (NVIDIA H100)',
    });
    const soft = preferredBackend(fake(true), 'auto');
    expect(soft.backend).toBe('cpu');
    expect(soft.reason).toBe(
      'auto: CPU, because google swiftshader (SwiftShader driver 5.0.0) is a software adapter, where the CPU path is about 10x faster',
    );
    expect(preferredBackend(new Error('no WebGPU adapter is available'), 'auto')).toEqual({
      backend: 'cpu',
      reason: 'auto: CPU, because no WebGPU adapter is available',
    });
    expect(preferredBackend(undefined, 'auto').backend).toBe('cpu');
  });

  it('honours explicit requests, and refuses webgpu without an adapter', () => {
    expect(preferredBackend(fake(false), 'cpu')).toEqual({
      backend: 'cpu',
      reason: 'the CPU backend was requested',
    });
    expect(preferredBackend(fake(true), 'webgpu').backend).toBe('webgpu');
    expect(preferredBackend(fake(true), 'webgpu').reason).toMatch(/software adapter, expect it to be slower/);
    expect(() => preferredBackend(new Error('no WebGPU adapter is available'), 'webgpu')).toThrow(
      "backend 'webgpu' was requested but no WebGPU adapter is available",
    );
  });
});
