import { z } from 'zod';
import {
  CanonicalField,
  defineNode,
  HeadModel,
  Image,
  input,
  listOf,
  output,
  PortError,
  Tensor,
} from '@ffavatar/core';
import { uvAtlasFor } from '../fusion/atlas-cache.js';
import { fieldTexture, fuseField } from '../fusion/fuse-field.js';
import { UV_SIZE } from './uv-size.js';

export const fuseFieldNode = defineNode({
  type: 'flame.fuseField',
  version: 1,
  title: 'Fuse field',
  category: 'Avatar',
  description:
    'Sums per-image contributions into the canonical appearance field; texels seen poorly or not at all blend in their left-right mirror (brightness-matched, faded by viewing angle, no hard seam), then mouth priors and push-pull fill the rest.',
  inputs: { model: input(HeadModel), contributions: input(listOf(Tensor)) },
  params: z.object({
    uvSize: UV_SIZE,
    symmetry: z
      .boolean()
      .default(true)
      .describe("blend in each texel's left-right mirror where it is seen poorly"),
    mirrorWeight: z
      .number()
      .min(0)
      .default(0.5)
      .describe("weight of a mirrored observation against a texel's own"),
    mirrorFade: z
      .number()
      .positive()
      .default(0.15)
      .describe("own weight at which the mirror's share falls to 1/e (1 = one frontal view)"),
  }),
  outputs: {
    field: output(CanonicalField),
    texture: output(Image, { description: 'the field as an RGB texture (pages side by side)' }),
  },
  run({ inputs, params }) {
    const atlas = uvAtlasFor(inputs.model, params.uvSize);
    inputs.contributions.forEach((c, i) => {
      if (c.shape[0] !== atlas.size || c.shape[1] !== atlas.width)
        throw new PortError(
          'contributions',
          `item ${i} is ${c.shape.join('x')}, expected ${atlas.size}x${atlas.width}x4 (same uvSize on both nodes)`,
        );
    });
    const field = fuseField(
      inputs.model,
      atlas,
      inputs.contributions.map((c) => c.data as Float32Array),
      { symmetry: params.symmetry, mirrorWeight: params.mirrorWeight, mirrorFade: params.mirrorFade },
    );
    return { field, texture: fieldTexture(field, atlas) };
  },
});
