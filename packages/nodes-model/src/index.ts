import { defineNodePackage } from '@ffavatar/core';
import { createFaceLandmarksNode } from './nodes/face-landmarks.js';

/**
 * @ffavatar/nodes-model for Node (CLI, worker_threads). The browser has its own entry,
 * `browser.ts`, with the same node types over browser runtimes.
 */

// Imported on first run, not on load: listing nodes or validating a graph never starts tfjs.
export const faceLandmarks = createFaceLandmarksNode(
  () => import('./backends/face-api-node.js').then((m) => m.loadNodeLandmarkBackend()),
);

export const nodePackage = defineNodePackage({ name: '@ffavatar/nodes-model', nodes: [faceLandmarks] });

export default nodePackage;
