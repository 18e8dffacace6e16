/// <reference types="webgpu" preserve="true" />
// WebGPU in the browser: `navigator.gpu` in a page or a worker (DESIGN: nodes run in workers, each
// with its own device). Same GpuContext as the Node host gives.
import { GpuUnavailableError, type GpuContext } from '../gpu/gpu-context.js';
import { requestGpuContext } from '../gpu/request-device.js';

const NO_WEBGPU =
  'navigator.gpu is missing: WebGPU needs a secure context (https, or http on localhost) and a browser that ships it ' +
  '(Chrome/Edge 113+, Safari 26+, Firefox 141+ on Windows); headless Chromium needs --enable-unsafe-webgpu.';
const NO_ADAPTER_HINT =
  'The browser offers WebGPU but no adapter: check chrome://gpu (a blocklisted driver, or hardware acceleration turned off).';

let pending: Promise<GpuContext> | undefined;

/**
 * This realm's (page's or worker's) WebGPU device, acquired on the first call and shared by later
 * ones. Rejects with GpuUnavailableError when the browser has no WebGPU or no adapter; a lost
 * device is forgotten, so the next call acquires anew.
 */
export function acquireGpu(): Promise<GpuContext> {
  if (pending) return pending;
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  const current = gpu
    ? requestGpuContext(gpu, { installHint: NO_ADAPTER_HINT })
    : Promise.reject(new GpuUnavailableError(NO_WEBGPU));
  pending = current;
  current.then(
    (ctx) => {
      void ctx.device.lost.then(() => {
        if (pending === current) pending = undefined;
      });
    },
    () => undefined,
  );
  return current;
}
