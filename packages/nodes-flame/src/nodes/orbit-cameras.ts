import { z } from 'zod';
import { Camera, defineNode, input, listOf, output } from '@ffavatar/core';
import { framed, orbit } from '../cameras/orbit.js';

const DEG = Math.PI / 180;
const vec3 = z.tuple([z.number(), z.number(), z.number()]);

export const orbitCamerasNode = defineNode({
  type: 'flame.orbitCameras',
  version: 1,
  title: 'Orbit cameras',
  category: 'Driving',
  runOn: 'main',
  description:
    'Cameras around the head from one camera: the listed (yaw, pitch) views in degrees, or a turntable of `turntable` views over +-`yawRange`. Rotation about the pivot (model space, metres; world +y is up).',
  inputs: { camera: input(Camera) },
  params: z.object({
    views: z
      .array(z.tuple([z.number(), z.number()]))
      .default([[0, 0]])
      .describe('(yaw, pitch) pairs in degrees'),
    turntable: z
      .number()
      .int()
      .min(0)
      .max(360)
      .default(0)
      .describe('if > 0, that many views sweeping yaw instead of `views`'),
    yawRange: z.number().min(0).max(180).default(40),
    pivot: vec3.default([0, 0, 0]),
    frame: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe(
        'if > 0, re-aim so the pivot is centred and a head (0.3 m) fills this fraction of the height',
      ),
  }),
  outputs: { cameras: output(listOf(Camera)) },
  run({ inputs, params }) {
    const views =
      params.turntable > 0
        ? Array.from(
            { length: params.turntable },
            (_, i) =>
              [params.yawRange * Math.sin((2 * Math.PI * i) / params.turntable), 0] as [number, number],
          )
        : params.views;
    const base = params.frame > 0 ? framed(inputs.camera, params.pivot, params.frame) : inputs.camera;
    return { cameras: views.map(([yaw, pitch]) => orbit(base, yaw * DEG, pitch * DEG, params.pivot)) };
  },
});
