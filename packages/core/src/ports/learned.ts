import { z } from 'zod';
import { definePortType } from './port-type.js';
import { f32, sized, withSizes } from './schema-helpers.js';

/** Feature carriers between the FFAvatar stages (classic or learned). */
export const Tokens = definePortType({
  name: 'Tokens',
  description: 'Feature tokens [B, N, D] f32 (B images or 1 canonical set).',
  schema: withSizes(
    z.looseObject({ batch: z.number().int().positive(), count: z.number().int().nonnegative(), dim: z.number().int().positive(), data: f32 }),
    { data: sized((t) => t.batch * t.count * t.dim, '[B, N, D] f32') },
  ),
  color: '#ff924c',
});

export const CanonicalField = definePortType({
  name: 'CanonicalField',
  description: 'Canonical appearance in head-model UV space: feature map [S, S, C] f32, confidence [S, S] f32, per-vertex features [V, C] f32.',
  schema: withSizes(
    z.looseObject({
      uvSize: z.number().int().positive(),
      channels: z.number().int().positive(),
      uvFeatures: f32,
      uvConfidence: f32,
      vertexFeatures: f32,
    }),
    {
      uvFeatures: sized((c) => c.uvSize * c.uvSize * c.channels, '[S, S, C] f32'),
      uvConfidence: sized((c) => c.uvSize * c.uvSize, '[S, S] f32'),
    },
  ),
  color: '#ffca3a',
});
