import type { ModelHost } from './node-list.js';

/** The Node host (CLI, worker_threads): face-api's node-wasm build and its tfjs, imported on first run. */
export const nodeHost: ModelHost = {
  // Imported on first run, not on load: listing nodes or validating a graph never starts tfjs.
  loadLandmarkBackend: () => import('./backends/face-api-node.js').then((m) => m.loadNodeLandmarkBackend()),
  loadSegmentationBackend: () =>
    import('./backends/face-api-node.js').then((m) => m.loadNodeSegmentationBackend()),
  loadFaceMeshBackend: () => import('./backends/face-api-node.js').then((m) => m.loadNodeFaceMeshBackend()),
};
