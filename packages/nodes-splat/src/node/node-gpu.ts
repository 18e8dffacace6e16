// Node-only: the Node host's GPU loader (Dawn through @ffavatar/core/node). Only the Node entry
// (src/index.ts) imports this module, so the browser entry (src/browser/index.ts) bundles without
// @ffavatar/core/node, the `webgpu` package or any Node built-in (test: src/browser/browser-bundle.test.ts).
import type { GpuLoader } from '../raster/webgpu/backend.js';

/** The Node host's loader: imported on first use, so listing nodes never loads Dawn. */
export const nodeGpuLoader: GpuLoader = () => import('@ffavatar/core/node').then((m) => m.acquireGpu());
