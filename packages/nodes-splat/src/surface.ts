// The functions both entries export (src/index.ts for Node, src/browser/index.ts for browsers):
// host-neutral, so declared once here. Apps and tools use exactly these; add one only with a user.
export { readGaussianPly, writeGaussianPly } from './io/ply-gaussians.js';
export { writeAvatarPly } from './io/avatar-ply.js';
export { rasterizeCpu } from './raster/rasterize-cpu.js';
export { driveAvatarCpu } from './drive/drive-cpu.js';
export {
  personaliseAvatarCpu,
  PERSONALISE_RATES,
  type PersonaliseRates,
} from './personalise/personalise-cpu.js';
export { psnr, ssim } from '@ffavatar/core/optim';
export { sharedRasterizer } from './raster/webgpu/rasterize-webgpu.js';
export {
  uploadGaussianCloud,
  destroyGpuGaussianCloud,
  type GpuGaussianCloud,
} from './raster/webgpu/gpu-cloud.js';
export { AvatarDriverWebGpu, driveAndRasterizeWebGpu } from './drive/webgpu/drive-webgpu.js';
export { chooseBackend } from './raster/webgpu/backend.js';
