import { defineNodePackage } from '@ffavatar/core';
import { imageMetrics } from './nodes/metrics.js';
import { loadPly, savePly, saveSplat } from './nodes/ply-files.js';
import { drive, rasterize } from './node/node-gpu.js';
import { saveAvatar } from './nodes/save-avatar.js';

export { readGaussianPly, writeGaussianPly } from './io/ply-gaussians.js';
export { writeAvatarPly } from './io/avatar-ply.js';
export { PlyFormatError } from './io/ply-header.js';
export { writeSplat } from './io/splat-format.js';
export { rasterizeCpu } from './raster/rasterize-cpu.js';
export { CpuRasterPool, rasterizeCpuParallel } from './node/cpu-pool.js';
export { projectGaussiansCpu } from './raster/project-cpu.js';
export { driveAvatarCpu } from './drive/drive-cpu.js';
export { psnr, ssim } from './metrics/image-metrics.js';
export { rasterizeWebGpu, sharedRasterizer, SplatRasterizerWebGpu, type WebGpuFrame, type WebGpuFrameStats, type WebGpuRasterOptions } from './raster/webgpu/rasterize-webgpu.js';
export { uploadGaussianCloud, downloadGaussianCloud, destroyGpuGaussianCloud, type GpuGaussianCloud } from './raster/webgpu/gpu-cloud.js';
export { AvatarDriverWebGpu, driveAvatarWebGpu, driveAndRasterizeWebGpu } from './drive/webgpu/drive-webgpu.js';
export { chooseBackend, type GpuLoader } from './raster/webgpu/backend.js';

/** Gaussian splatting: PLY/splat IO, driving bound Gaussians, the rasterizer, image metrics. */
export const nodePackage = defineNodePackage({
  name: '@ffavatar/nodes-splat',
  nodes: [loadPly, savePly, saveSplat, saveAvatar, drive, rasterize, imageMetrics],
});

export default nodePackage;
