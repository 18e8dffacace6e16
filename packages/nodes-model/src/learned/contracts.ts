import type { StageContract } from '../onnx/contract.js';

// The five learned stages' I/O, as CONTRACTS.md writes them down. Axis names: N images,
// P tokens per image, D token width, S image side, E expression coefficients, V anchors
// (vertices), C feature channels, H x W a UV map, A anchors of the motion refiner, F features per
// anchor. N, V, H, W and A are dynamic: one exported model serves any count.

export type StageName =
  'encoder' | 'alternatingAttention' | 'vertexAlignment' | 'uvDecoder' | 'motionRefiner';

export const STAGE_CONTRACTS: Record<StageName, StageContract> = {
  encoder: {
    stage: 'encoder',
    dynamic: ['N'],
    inputs: [
      {
        name: 'images',
        dtype: 'float32',
        shape: ['N', 3, 'S', 'S'],
        doc: 'RGB, NCHW, ImageNet-normalised: (x - mean) / std, mean 0.485 0.456 0.406, std 0.229 0.224 0.225',
      },
    ],
    outputs: [{ name: 'tokens', dtype: 'float32', shape: ['N', 'P', 'D'], doc: 'patch tokens per image' }],
  },
  alternatingAttention: {
    stage: 'alternating attention',
    dynamic: ['N'],
    inputs: [
      {
        name: 'tokens',
        dtype: 'float32',
        shape: ['N', 'P', 'D'],
        doc: 'encoder tokens of N images of one subject',
      },
      {
        name: 'camera',
        dtype: 'float32',
        shape: ['N', 12],
        doc: 'world-to-camera rotation (row-major 3x3) then translation (metres)',
      },
      {
        name: 'expression',
        dtype: 'float32',
        shape: ['N', 'E'],
        doc: 'head-model expression weights per image',
      },
    ],
    outputs: [
      {
        name: 'canonical',
        dtype: 'float32',
        shape: [1, 'P', 'D'],
        doc: 'canonical tokens, independent of view and expression',
      },
    ],
  },
  vertexAlignment: {
    stage: 'vertex alignment',
    dynamic: ['V'],
    inputs: [
      { name: 'canonical', dtype: 'float32', shape: [1, 'P', 'D'], doc: 'canonical tokens' },
      {
        name: 'anchors',
        dtype: 'float32',
        shape: ['V', 5],
        doc: 'per anchor vertex: x, y, z (metres, head-model frame), u, v',
      },
    ],
    outputs: [{ name: 'vertex_features', dtype: 'float32', shape: ['V', 'C'], doc: 'per-vertex features' }],
  },
  uvDecoder: {
    stage: 'UV decoder',
    dynamic: ['H', 'W'],
    inputs: [
      {
        name: 'uv_features',
        dtype: 'float32',
        shape: [1, 'H', 'W', 'C'],
        doc: 'UV feature map, channels last, top row first',
      },
    ],
    outputs: [
      {
        name: 'offset',
        dtype: 'float32',
        shape: [1, 'H', 'W', 3],
        doc: 'position offset in the triangle frame (edge, normal x edge, normal), triangle scales',
      },
      {
        name: 'scale',
        dtype: 'float32',
        shape: [1, 'H', 'W', 3],
        doc: 'log-scales relative to the triangle scale',
      },
      {
        name: 'rotation',
        dtype: 'float32',
        shape: [1, 'H', 'W', 4],
        doc: 'quaternion w, x, y, z relative to the triangle frame (normalised by the node)',
      },
      { name: 'opacity', dtype: 'float32', shape: [1, 'H', 'W', 1], doc: 'logit opacity' },
      { name: 'colour', dtype: 'float32', shape: [1, 'H', 'W', 3], doc: 'RGB in [0, 1]' },
    ],
  },
  motionRefiner: {
    stage: 'motion refiner',
    dynamic: ['A'],
    inputs: [
      {
        name: 'expression',
        dtype: 'float32',
        shape: [1, 'E'],
        doc: 'expression weights of the frame being driven',
      },
      {
        name: 'anchor_features',
        dtype: 'float32',
        shape: ['A', 'F'],
        doc: 'per-anchor features (the motion-refiner node feeds barycentrics, normal offset, colour, triangle position)',
      },
    ],
    outputs: [
      {
        name: 'offsets',
        dtype: 'float32',
        shape: ['A', 3],
        doc: 'residual offsets in the triangle frame (edge, normal x edge, normal), triangle scales',
      },
    ],
  },
};
