import { z } from 'zod';
import { definePortType } from './port-type.js';
import { f32, sized, withSizes } from './schema-helpers.js';

/**
 * Head params over time, for driving: per frame expression weights [T, E] (named, so a motion can
 * be checked against the model that plays it) and a global head rotation [T, 3] (axis-angle,
 * radians, applied on top of the subject's own pose). Identity is the subject's, not the motion's.
 */
export const MotionSchema = withSizes(
  z.looseObject({
    fps: z.number().positive(),
    frames: z.number().int().nonnegative(),
    expressionNames: z.array(z.string()),
    expression: f32,
    rotation: f32,
  }),
  {
    expression: sized((m) => m.frames * m.expressionNames.length, '[T, E] f32'),
    rotation: sized((m) => m.frames * 3, '[T, 3] f32'),
  },
);
export type Motion = z.infer<typeof MotionSchema>;
export const Motion = definePortType<Motion>({
  name: 'Motion',
  description:
    'A sequence of head params at a frame rate: named expression weights [T, E] f32 and global rotation [T, 3] f32 (axis-angle, radians).',
  schema: MotionSchema,
  color: '#3a86ff',
});

export const Metrics = definePortType({
  name: 'Metrics',
  description:
    'Named scalar figures, e.g. { psnr: 31.2, ssim: 0.94 }; +-Infinity allowed (PSNR of identical images), NaN not.',
  schema: z.record(z.string(), z.union([z.number(), z.literal(Infinity), z.literal(-Infinity)])),
  color: '#8338ec',
});
