import { nodeGpuLoader } from './node/node-gpu.js';
import { splatNodePackage } from './node-list.js';

export * from './surface.js';

/** Gaussian splatting: PLY/splat IO, driving bound Gaussians, the rasterizer, image metrics; WebGPU through Dawn. */
export default splatNodePackage(nodeGpuLoader);
