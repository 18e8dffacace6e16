// The package's browser entry: the same nodes and functions as the Node entry (src/node-list.ts,
// src/surface.ts), with the rasterize and drive nodes bound to this realm's WebGPU device
// (navigator.gpu, page or worker) through @ffavatar/core/browser's acquireGpu instead of Dawn in Node.
import { acquireGpu } from '@ffavatar/core/browser';
import { splatNodePackage } from '../node-list.js';

export * from '../surface.js';

/** Gaussian splatting for a browser host: the Node package's nodes, WebGPU through navigator.gpu. */
export default splatNodePackage(() => acquireGpu());
