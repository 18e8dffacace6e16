/// <reference types="webgpu" preserve="true" />

/**
 * Runs `fn` inside validation and out-of-memory error scopes and throws what they caught: a WebGPU
 * error otherwise only surfaces as wrong numbers (or a console line).
 */
export async function withoutGpuErrors<T>(device: GPUDevice, fn: () => Promise<T>): Promise<T> {
  device.pushErrorScope('validation');
  device.pushErrorScope('out-of-memory');
  let result: T;
  try {
    result = await fn();
  } finally {
    const oom = await device.popErrorScope();
    const validation = await device.popErrorScope();
    const err = validation ?? oom;
    if (err) throw new Error(`WebGPU error: ${err.message}`);
  }
  return result;
}
