// The package's browser entry: the same nodes and functions as the Node entry, with the rasterize
// and drive nodes bound to this realm's WebGPU device (navigator.gpu, page or worker) through
// @ffavatar/core/browser's acquireGpu instead of Dawn in Node.
import { defineNodePackage } from '@ffavatar/core';
import { acquireGpu } from '@ffavatar/core/browser';
import { createDriveNode } from '../nodes/drive.js';
import { imageMetrics } from '../nodes/metrics.js';
import { loadPly, savePly, saveSplat } from '../nodes/ply-files.js';
import { createRasterizeNode } from '../nodes/rasterize.js';
import { saveAvatar } from '../nodes/save-avatar.js';
import type { GpuLoader } from '../raster/webgpu/backend.js';

export { readGaussianPly, writeGaussianPly } from '../io/ply-gaussians.js';
export { writeAvatarPly } from '../io/avatar-ply.js';
export { PlyFormatError } from '../io/ply-header.js';
export { writeSplat } from '../io/splat-format.js';
export { rasterizeCpu } from '../raster/rasterize-cpu.js';
export { projectGaussiansCpu } from '../raster/project-cpu.js';
export { driveAvatarCpu } from '../drive/drive-cpu.js';
export { psnr, ssim } from '../metrics/image-metrics.js';
export { rasterizeWebGpu, sharedRasterizer, SplatRasterizerWebGpu, type WebGpuFrame, type WebGpuFrameStats, type WebGpuRasterOptions } from '../raster/webgpu/rasterize-webgpu.js';
export { uploadGaussianCloud, downloadGaussianCloud, destroyGpuGaussianCloud, type GpuGaussianCloud } from '../raster/webgpu/gpu-cloud.js';
export { AvatarDriverWebGpu, driveAvatarWebGpu, driveAndRasterizeWebGpu } from '../drive/webgpu/drive-webgpu.js';
export { chooseBackend, type GpuLoader } from '../raster/webgpu/backend.js';

/** This realm's WebGPU device (shared by every node run in the page or worker). */
export const browserGpuLoader: GpuLoader = () => acquireGpu();

export const rasterize = createRasterizeNode(browserGpuLoader);
export const drive = createDriveNode(browserGpuLoader);

/** Gaussian splatting for a browser host: the Node package's nodes, WebGPU through navigator.gpu. */
export const nodePackage = defineNodePackage({
  name: '@ffavatar/nodes-splat',
  nodes: [loadPly, savePly, saveSplat, saveAvatar, drive, rasterize, imageMetrics],
});

export default nodePackage;
