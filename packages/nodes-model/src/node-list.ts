import { defineNodePackage, type NodePackage } from '@ffavatar/core';
import { alternatingAttentionNode } from './learned/alternating-attention-node.js';
import { encoderNode } from './learned/encoder-node.js';
import { motionRefinerNode } from './learned/motion-refiner-node.js';
import { uvDecoderNode } from './learned/uv-decoder-node.js';
import { vertexAlignmentNode } from './learned/vertex-alignment-node.js';
import type { LandmarkBackendLoader } from './landmarks/landmark-backend.js';
import type { FaceMeshBackendLoader } from './mesh/face-mesh-backend.js';
import { createFaceLandmarksNode } from './nodes/face-landmarks.js';
import { createTrackLandmarksNode } from './nodes/track-landmarks.js';
import { createSegmentPortraitNode } from './nodes/segment-portrait.js';
import type { SegmentationBackendLoader } from './segmentation/segmentation-backend.js';
import { onnxModelNode } from './onnx/model-node.js';

/** What a host gives the package: the tfjs runtimes (each imported on first run by its loader). */
export interface ModelHost {
  loadLandmarkBackend: LandmarkBackendLoader;
  loadSegmentationBackend: SegmentationBackendLoader;
  loadFaceMeshBackend: FaceMeshBackendLoader;
}

/**
 * The package's nodes for one host, the single list both entries use (`index.ts` for Node,
 * `browser.ts` for browsers): the same node types, so a graph runs unchanged in either.
 */
export function modelNodePackage(host: ModelHost): NodePackage {
  return defineNodePackage({
    name: '@ffavatar/nodes-model',
    nodes: [
      createFaceLandmarksNode(host.loadLandmarkBackend, host.loadFaceMeshBackend),
      createTrackLandmarksNode(host.loadLandmarkBackend, host.loadFaceMeshBackend),
      createSegmentPortraitNode(host.loadSegmentationBackend),
      encoderNode,
      alternatingAttentionNode,
      vertexAlignmentNode,
      uvDecoderNode,
      motionRefinerNode,
      onnxModelNode,
    ],
  });
}
