// A GaussianCloud held on the GPU: the same struct of arrays as the CPU type, one storage buffer per
// field. The rasterizer reads it; the WebGPU driver (drive/webgpu) writes means, log-scales and
// rotations of one in place each frame, so a driven frame never comes back to the CPU.
import { createBufferFromData } from '@ffavatar/core/gpu';
import { type GaussianCloud } from '@ffavatar/core';

export interface GpuGaussianCloud {
  readonly count: number;
  readonly shDegree: number;
  /** [N, 3] f32 */
  readonly means: GPUBuffer;
  /** [N, 3] f32 */
  readonly logScales: GPUBuffer;
  /** [N, 4] f32, wxyz */
  readonly rotations: GPUBuffer;
  /** [N] f32 */
  readonly logitOpacities: GPUBuffer;
  /** [N, (d+1)^2, 3] f32 */
  readonly sh: GPUBuffer;
}

/** New buffers holding `cloud` (STORAGE | COPY_SRC | COPY_DST). Views on SharedArrayBuffers are fine. */
export function uploadGaussianCloud(device: GPUDevice, cloud: GaussianCloud): GpuGaussianCloud {
  return {
    count: cloud.count,
    shDegree: cloud.shDegree,
    means: createBufferFromData(device, cloud.means, undefined, 'gaussians means'),
    logScales: createBufferFromData(device, cloud.logScales, undefined, 'gaussians log-scales'),
    rotations: createBufferFromData(device, cloud.rotations, undefined, 'gaussians rotations'),
    logitOpacities: createBufferFromData(device, cloud.logitOpacities, undefined, 'gaussians opacities'),
    sh: createBufferFromData(device, cloud.sh, undefined, 'gaussians sh'),
  };
}

export function destroyGpuGaussianCloud(cloud: GpuGaussianCloud): void {
  for (const b of [cloud.means, cloud.logScales, cloud.rotations, cloud.logitOpacities, cloud.sh])
    b.destroy();
}
