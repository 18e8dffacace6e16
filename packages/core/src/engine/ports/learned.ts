import { z } from 'zod';
import { definePortType } from './port-type.js';
import { f32, sized, withSizes } from './schema-helpers.js';

/** Feature carriers between the FFAvatar stages (classic or learned). */
export const Tokens = definePortType({
  name: 'Tokens',
  description: 'Feature tokens [B, N, D] f32 (B images or 1 canonical set).',
  schema: withSizes(
    z.looseObject({
      batch: z.number().int().positive(),
      count: z.number().int().nonnegative(),
      dim: z.number().int().positive(),
      data: f32,
    }),
    { data: sized((t) => t.batch * t.count * t.dim, '[B, N, D] f32') },
  ),
  color: '#ff924c',
});

/**
 * The canonical appearance of one subject in the head model's UV space, independent of view and
 * expression. UDIM-style layouts (ICT-FaceKit uses 4 tiles) sit side by side: the map is
 * [S, S * tiles] texels, texel (x, y) showing u = (x + 0.5) / S, v = 1 - (y + 0.5) / S, top row
 * first like an image. For the classic pipeline the features are RGB colour in [0, 1].
 */
export const CanonicalFieldSchema = withSizes(
  z.looseObject({
    /** Head model whose UV layout the map uses. */
    headModel: z.string(),
    uvSize: z.number().int().positive(),
    tiles: z.number().int().positive().default(1),
    channels: z.number().int().positive(),
    /** [S, S * tiles, C] f32. */
    uvFeatures: f32,
    /** [S, S * tiles] f32 in [0, 1]: how well each texel was seen (0 = filled in, not observed). */
    uvConfidence: f32,
    /** [V, C] f32: the field sampled at each vertex (the sparse anchors). */
    vertexFeatures: f32,
    /** Images fused so far. */
    images: z.number().int().nonnegative(),
  }),
  {
    uvFeatures: sized((c) => c.uvSize * c.uvSize * (c.tiles ?? 1) * c.channels, '[S, S * tiles, C] f32'),
    uvConfidence: sized((c) => c.uvSize * c.uvSize * (c.tiles ?? 1), '[S, S * tiles] f32'),
  },
);
export type CanonicalField = z.infer<typeof CanonicalFieldSchema>;
export const CanonicalField = definePortType<CanonicalField>({
  name: 'CanonicalField',
  description:
    'Canonical appearance in head-model UV space: feature map [S, S * tiles, C] f32, confidence [S, S * tiles] f32, per-vertex features [V, C] f32.',
  schema: CanonicalFieldSchema,
  color: '#ffca3a',
});
