import { defineNodePackage } from '@ffavatar/core';
import { createFaceLandmarksNode } from './nodes/face-landmarks.js';
import { motionRefinerNode } from './learned/motion-refiner-node.js';
import { onnxModelNode } from './onnx/model-node.js';
import { uvDecoderNode } from './learned/uv-decoder-node.js';
import { alternatingAttentionNode, encoderNode, vertexAlignmentNode } from './learned/encoder-nodes.js';

/**
 * @ffavatar/nodes-model for Node (CLI, worker_threads). The browser has its own entry,
 * `browser.ts`, with the same node types over browser runtimes.
 */

// Imported on first run, not on load: listing nodes or validating a graph never starts tfjs.
export const faceLandmarks = createFaceLandmarksNode(
  () => import('./backends/face-api-node.js').then((m) => m.loadNodeLandmarkBackend()),
);

export const nodePackage = defineNodePackage({ name: '@ffavatar/nodes-model', nodes: [
  faceLandmarks,
  encoderNode, alternatingAttentionNode, vertexAlignmentNode, uvDecoderNode, motionRefinerNode, onnxModelNode,
] });

export default nodePackage;
