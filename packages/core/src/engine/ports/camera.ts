import { z } from 'zod';
import { definePortType } from './port-type.js';
import { f64 } from './schema-helpers.js';

/** Conventions (OpenCV axes, world-to-camera, row-major): ../../CONVENTIONS.md. */
const mat3 = f64.refine((m) => m.length === 9, 'expected [3, 3] f64 row-major');
const vec3 = f64.refine((v) => v.length === 3, 'expected [3] f64');

export const CameraSchema = z.looseObject({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  fx: z.number().positive(),
  fy: z.number().positive(),
  cx: z.number(),
  cy: z.number(),
  rotation: mat3,
  translation: vec3,
});
export type Camera = z.infer<typeof CameraSchema>;
export const Camera = definePortType<Camera>({
  name: 'Camera',
  description:
    'Pinhole camera, OpenCV axes: intrinsics in pixels, world-to-camera rotation [3, 3] f64 row-major and translation [3] f64 (x_cam = R x_world + t).',
  schema: CameraSchema,
  color: '#6a4c93',
});
