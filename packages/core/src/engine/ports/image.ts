import { z } from 'zod';
import { definePortType } from './port-type.js';
import { f32, u8, sized, withSizes } from './schema-helpers.js';

export const ImageSchema = withSizes(
  z.looseObject({
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    format: z.enum(['rgba8', 'rgba32f']),
    data: z.union([u8, f32]),
    /**
     * How colour relates to alpha. Absent: straight (colour independent of coverage), as PNG means.
     * `premultiplied`: colour is already composited over `background` by coverage (a render).
     */
    alphaMode: z.enum(['straight', 'premultiplied']).optional(),
    /** RGB 0..1 (the image's own encoding) the colour was composited over, for `premultiplied`; default black. */
    background: z.tuple([z.number(), z.number(), z.number()]).optional(),
    /** The file the image was decoded from, for messages that name the photo. */
    source: z.string().optional(),
  }),
  { data: sized((i) => i.width * i.height * 4, '[H, W, 4]') },
).refine((i) => (i.format === 'rgba8') === i.data instanceof Uint8Array, {
  message: 'format rgba8 needs Uint8Array data, rgba32f needs Float32Array',
  path: ['data'],
});
export type Image = z.infer<typeof ImageSchema>;
export const Image = definePortType<Image>({
  name: 'Image',
  description:
    'RGBA image [H, W, 4], top row first: rgba8 (Uint8Array, sRGB) or rgba32f (Float32Array, 0..1, the same sRGB encoding as rgba8); straight alpha unless alphaMode says premultiplied (over background); source names the file it came from.',
  schema: ImageSchema,
  color: '#c3423f',
});
