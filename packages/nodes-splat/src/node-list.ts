import { defineNodePackage, type NodePackage } from '@ffavatar/core';
import { createDriveNode } from './nodes/drive.js';
import { loadGltf } from './nodes/load-gltf.js';
import { loadPly } from './nodes/load-ply.js';
import { loadSplat } from './nodes/load-splat.js';
import { loadSpz } from './nodes/load-spz.js';
import { imageMetrics } from './nodes/metrics.js';
import { personaliseNode } from './nodes/personalise.js';
import { createRasterizeNode } from './nodes/rasterize.js';
import { saveAvatar } from './nodes/save-avatar.js';
import { saveGltf } from './nodes/save-gltf.js';
import { savePly } from './nodes/save-ply.js';
import { saveSplat } from './nodes/save-splat.js';
import { saveSpz } from './nodes/save-spz.js';
import type { GpuLoader } from './raster/webgpu/backend.js';

/**
 * The package's nodes for one host, the single list both entries use: the host gives the GPU
 * loader that `splat.rasterize` and `splat.drive` run on (Dawn in Node, navigator.gpu in a browser).
 */
export function splatNodePackage(loadGpu: GpuLoader): NodePackage {
  return defineNodePackage({
    name: '@ffavatar/nodes-splat',
    nodes: [
      loadPly,
      loadSplat,
      loadSpz,
      loadGltf,
      savePly,
      saveSplat,
      saveSpz,
      saveGltf,
      saveAvatar,
      createDriveNode(loadGpu),
      createRasterizeNode(loadGpu),
      imageMetrics,
      personaliseNode,
    ],
  });
}
