import { z } from 'zod';
import { lookAtCamera } from '../geometry/look-at.js';
import { defineNode, output } from '../engine/nodes/define-node.js';
import { Camera } from '../engine/ports/camera.js';

const vec3 = z.tuple([z.number(), z.number(), z.number()]);

export const lookAtCameraNode = defineNode({
  type: 'core.lookAtCamera',
  version: 1,
  title: 'Look-at camera',
  category: 'Core',
  runOn: 'main',
  description:
    'A pinhole camera at `eye` looking at `target` (metres, OpenCV axes), focal length from the vertical field of view.',
  params: z.object({
    eye: vec3.default([0, 0, 1]),
    target: vec3.default([0, 0, 0]),
    up: vec3.default([0, 1, 0]),
    width: z.number().int().positive().max(16384).default(512),
    height: z.number().int().positive().max(16384).default(512),
    fovYDegrees: z.number().gt(0).lt(180).default(30),
  }),
  outputs: { camera: output(Camera) },
  run: ({ params }) => ({ camera: lookAtCamera(params) }),
});
