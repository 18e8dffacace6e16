import { z } from 'zod';
import { definePortType } from './port-type.js';
import { f32, u8, sized, withSizes } from './schema-helpers.js';

export const ImageSchema = withSizes(
  z.looseObject({
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    format: z.enum(['rgba8', 'rgba32f']),
    data: z.union([u8, f32]),
  }),
  { data: sized((i) => i.width * i.height * 4, '[H, W, 4]') },
).refine((i) => (i.format === 'rgba8') === i.data instanceof Uint8Array, {
  message: 'format rgba8 needs Uint8Array data, rgba32f needs Float32Array', path: ['data'],
});
export type Image = z.infer<typeof ImageSchema>;
export const Image = definePortType<Image>({
  name: 'Image',
  description: 'RGBA image [H, W, 4], top row first: rgba8 (Uint8Array, sRGB) or rgba32f (Float32Array, 0..1, the same sRGB encoding as rgba8).',
  schema: ImageSchema,
  color: '#c3423f',
});
