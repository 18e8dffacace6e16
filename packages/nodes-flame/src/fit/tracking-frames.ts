import { Camera, defineNode, HeadParams, input, listOf, output, Tracking } from '@ffavatar/core';

export const trackingFramesNode = defineNode({
  type: 'flame.trackingFrames',
  version: 1,
  title: 'Tracking frames',
  category: 'Tracking',
  runOn: 'main',
  description:
    'Splits a Tracking into per-image lists of cameras and head params, so per-image nodes map over them.',
  inputs: { tracking: input(Tracking) },
  outputs: { cameras: output(listOf(Camera)), params: output(listOf(HeadParams)) },
  run({ inputs }) {
    return {
      cameras: inputs.tracking.frames.map((f) => f.camera),
      params: inputs.tracking.frames.map((f) => f.params),
    };
  },
});
