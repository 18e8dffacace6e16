import { z } from 'zod';
import { definePortType } from './port-type.js';
import { f32, u32, sized, withSizes } from './schema-helpers.js';
import { CameraSchema } from './camera.js';

/** Head models, their parameters, landmarks and per-image tracking. */
export const LandmarksSchema = withSizes(
  z.looseObject({
    scheme: z.string(),
    count: z.number().int().nonnegative(),
    points: f32,
    confidence: f32.optional(),
  }),
  { points: sized((l) => l.count * 2, '[N, 2] f32 pixels'), confidence: sized((l) => l.count, '[N] f32') },
);
export type Landmarks = z.infer<typeof LandmarksSchema>;
export const Landmarks = definePortType<Landmarks>({
  name: 'Landmarks',
  description: '2D landmarks in image pixels [N, 2] f32 (scheme e.g. "ibug68"), optional confidence [N].',
  schema: LandmarksSchema,
  color: '#1982c4',
});

export const HeadModelSchema = withSizes(
  z.looseObject({
    name: z.string(),
    vertexCount: z.number().int().positive(),
    triangleCount: z.number().int().positive(),
    vertices: f32,
    triangles: u32,
    identityNames: z.array(z.string()),
    expressionNames: z.array(z.string()),
  }),
  {
    vertices: sized((m) => m.vertexCount * 3, '[V, 3] f32'),
    triangles: sized((m) => m.triangleCount * 3, '[F, 3] u32'),
  },
);
export type HeadModel = z.infer<typeof HeadModelSchema>;
export const HeadModel = definePortType<HeadModel>({
  name: 'HeadModel',
  description: 'A parametric head model: neutral vertices [V, 3] f32 (metres), triangles [F, 3] u32, identity and expression bases.',
  schema: HeadModelSchema,
  color: '#8ac926',
});

export const HeadParamsSchema = z.looseObject({
  model: z.string(),
  identity: f32,
  expression: f32,
  /** Axis-angle per joint [J, 3] f32 (radians), joint order defined by the head model. */
  pose: f32,
});
export type HeadParams = z.infer<typeof HeadParamsSchema>;
export const HeadParams = definePortType<HeadParams>({
  name: 'HeadParams',
  description: 'Head-model parameters: identity [I] f32, expression [E] f32, pose as axis-angle per joint [J, 3] f32.',
  schema: HeadParamsSchema,
  color: '#52a675',
});

export const Tracking = definePortType({
  name: 'Tracking',
  description: 'Per image: camera and head params (identity shared across the images of one subject).',
  schema: z.looseObject({ frames: z.array(z.looseObject({ camera: CameraSchema, params: HeadParamsSchema })) }),
  color: '#2a9d8f',
});
