import { z } from 'zod';
import { Camera, defineNode, output } from '@ffavatar/core';
import { lookAtCamera } from '@ffavatar/core/geometry';

const vec3 = z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]);

export const frontalCameraNode = defineNode({
  type: 'flame.frontalCamera',
  version: 1,
  title: 'Frontal camera',
  category: 'Mesh',
  runOn: 'main',
  description:
    'A pinhole camera in front of a head model (models are +y up, facing +z): at target + (0, 0, distance), looking at target.',
  params: z.object({
    width: z.number().int().positive().max(8192).default(512),
    height: z.number().int().positive().max(8192).default(512),
    fovYDegrees: z.number().positive().lt(180).default(25).describe('Vertical field of view'),
    distance: z.number().positive().default(0.9).describe('Metres from the target'),
    target: vec3
      .default([0, -0.02, 0.05])
      .describe('Point looked at, metres (default: the middle of the ICT face)'),
  }),
  outputs: { camera: output(Camera) },
  run({ params }) {
    const [x, y, z] = params.target;
    return {
      camera: lookAtCamera({
        eye: [x, y, z + params.distance],
        target: [x, y, z],
        width: params.width,
        height: params.height,
        fovYDegrees: params.fovYDegrees,
      }),
    };
  },
});
