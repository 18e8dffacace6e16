import type { Camera, GaussianCloud } from '@ffavatar/core';
import { blendTilesCpu, type RasterTargets } from './blend-cpu.js';
import { projectGaussiansCpu } from './project-cpu.js';
import { binTilesCpu, depthOrder } from './tiles.js';

export interface RasterOptions {
  background?: readonly [number, number, number];
}

/** The 3DGS forward pass on the CPU: project, depth-sort, bin into 16 x 16 tiles, blend. */
export function rasterizeCpu(cloud: GaussianCloud, cam: Camera, opts: RasterOptions = {}): RasterTargets {
  const { width, height } = cam;
  const projected = projectGaussiansCpu(cloud, cam);
  const lists = binTilesCpu(projected, width, height, depthOrder(projected));
  return blendTilesCpu(projected, lists, width, height, opts.background ?? [0, 0, 0], {
    rgba: new Float32Array(width * height * 4),
    depth: new Float32Array(width * height),
  });
}
