import { z } from 'zod';
import {
  Avatar,
  CanonicalField,
  defineNode,
  HeadModel,
  input,
  Json,
  Mesh,
  output,
  Tracking,
} from '@ffavatar/core';
import { evaluateHead, neutralHeadParams } from '@ffavatar/core/geometry';
import { uvAtlasFor } from '../fusion/atlas-cache.js';
import { densifyAvatar } from '../densify/densify.js';

export const densifyNode = defineNode({
  type: 'flame.densify',
  version: 1,
  title: 'UV densifier',
  category: 'Avatar',
  description:
    'One Gaussian per covered UV texel, bound to its triangle by barycentrics; colour from the field, opacity from its confidence, scale from the texel footprint.',
  inputs: {
    model: input(HeadModel),
    field: input(CanonicalField),
    tracking: input(Tracking, { description: "supplies the subject's identity" }),
  },
  params: z.object({
    dropRegions: z
      .array(z.string())
      .default([])
      .describe('region names with no Gaussians, e.g. ["teeth", "gums_tongue"]'),
    spread: z.number().positive().max(3).default(0.7).describe('std-dev along the surface, in texels'),
    thickness: z
      .number()
      .positive()
      .max(1)
      .default(0.15)
      .describe('thickness along the normal, fraction of a texel'),
  }),
  outputs: {
    avatar: output(Avatar),
    canonical: output(Mesh, { description: "the subject's neutral head the avatar is bound to" }),
    stats: output(Json),
  },
  run({ inputs, params }) {
    const { model, field, tracking } = inputs;
    const first = tracking.frames[0];
    if (!first) throw new Error('the tracking has no frames');
    const atlas = uvAtlasFor(model, field.uvSize);
    const neutral = { ...neutralHeadParams(model), identity: first.params.identity };
    const canonical = evaluateHead(model, neutral);
    const avatar = densifyAvatar(model, atlas, field, canonical.vertices, first.params.identity, params);
    return {
      avatar,
      canonical,
      stats: { gaussians: avatar.count, uvSize: field.uvSize, pages: field.tiles ?? 1, images: field.images },
    };
  },
});
