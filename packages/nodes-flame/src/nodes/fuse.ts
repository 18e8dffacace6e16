import { z } from 'zod';
import {
  Camera,
  CanonicalField,
  defineNode,
  HeadModel,
  HeadParams,
  Image,
  input,
  listOf,
  output,
  PortError,
  Tensor,
} from '@ffavatar/core';
import { evaluateHead } from '@ffavatar/core/geometry';
import { uvAtlasFor } from '../fusion/atlas-cache.js';
import { fuseField } from '../fusion/fuse-field.js';
import { fuseImage } from '../fusion/fuse-image.js';

const uvSize = z.number().int().min(16).max(2048).default(256).describe('UV texels per page side');

export const fuseImageNode = defineNode({
  type: 'flame.fuseImage', version: 1, title: 'Fuse image', category: 'Avatar',
  description: 'One photo\'s contribution to the canonical UV field (visibility-weighted running sums): the classic counterpart of per-image attention. Fed lists, it runs per image and caches per image.',
  inputs: { model: input(HeadModel), image: input(Image), camera: input(Camera), params: input(HeadParams) },
  params: z.object({ uvSize, edgeFalloff: z.number().positive().default(6).describe('pixels from a silhouette edge to full weight') }),
  outputs: { contribution: output(Tensor, { description: '[S, S * pages, 4] f32: (w r, w g, w b, w)' }) },
  run({ inputs, params }) {
    const atlas = uvAtlasFor(inputs.model, params.uvSize);
    const mesh = evaluateHead(inputs.model, inputs.params);
    const data = fuseImage(atlas, mesh, inputs.camera, inputs.image, { edgeFalloff: params.edgeFalloff });
    return { contribution: { dtype: 'f32' as const, shape: [atlas.size, atlas.width, 4], data } };
  },
});

export const fuseFieldNode = defineNode({
  type: 'flame.fuseField', version: 1, title: 'Fuse field', category: 'Avatar',
  description: 'Sums per-image contributions into the canonical appearance field; unseen texels filled by symmetry, mouth priors and push-pull.',
  inputs: { model: input(HeadModel), contributions: input(listOf(Tensor)) },
  params: z.object({ uvSize, symmetry: z.boolean().default(true) }),
  outputs: { field: output(CanonicalField), texture: output(Image, { description: 'the field as an RGB texture (pages side by side)' }) },
  run({ inputs, params }) {
    const atlas = uvAtlasFor(inputs.model, params.uvSize);
    inputs.contributions.forEach((c, i) => {
      if (c.shape[0] !== atlas.size || c.shape[1] !== atlas.width) throw new PortError('contributions', `item ${i} is ${c.shape.join('x')}, expected ${atlas.size}x${atlas.width}x4 (same uvSize on both nodes)`);
    });
    const field = fuseField(inputs.model, atlas, inputs.contributions.map((c) => c.data as Float32Array), { symmetry: params.symmetry });
    const texture = new Uint8Array(atlas.width * atlas.size * 4);
    for (let t = 0; t < atlas.width * atlas.size; t++) {
      for (let c = 0; c < 3; c++) texture[t * 4 + c] = Math.round(255 * Math.min(1, Math.max(0, field.uvFeatures[t * 3 + c]!)));
      texture[t * 4 + 3] = 255;
    }
    return { field, texture: { width: atlas.width, height: atlas.size, format: 'rgba8' as const, data: texture } };
  },
});
