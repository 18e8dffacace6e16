import { z } from 'zod';
import { definePortType } from './port-type.js';
import { f32 } from './schema-helpers.js';

export const Motion = definePortType({
  name: 'Motion',
  description: 'A sequence of head params at a frame rate: expression [T, E] f32, pose [T, J, 3] f32.',
  schema: z.looseObject({
    fps: z.number().positive(),
    frames: z.number().int().nonnegative(),
    expression: f32,
    pose: f32,
  }),
  color: '#3a86ff',
});

export const Metrics = definePortType({
  name: 'Metrics',
  description: 'Named scalar figures, e.g. { psnr: 31.2, ssim: 0.94 }; +-Infinity allowed (PSNR of identical images), NaN not.',
  schema: z.record(z.string(), z.union([z.number(), z.literal(Infinity), z.literal(-Infinity)])),
  color: '#8338ec',
});
