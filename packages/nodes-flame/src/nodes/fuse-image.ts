import { z } from 'zod';
import {
  Camera,
  defineNode,
  HeadModel,
  HeadParams,
  Image,
  imageToRgba8,
  input,
  output,
  PortError,
  Tensor,
} from '@ffavatar/core';
import { evaluateHead } from '@ffavatar/core/geometry';
import { uvAtlasFor } from '../fusion/atlas-cache.js';
import { fuseImage } from '../fusion/fuse-image.js';
import { UV_SIZE } from './uv-size.js';

export const fuseImageNode = defineNode({
  type: 'flame.fuseImage',
  version: 1,
  title: 'Fuse image',
  category: 'Avatar',
  description:
    "One photo's contribution to the canonical UV field (visibility-weighted running sums): the classic counterpart of per-image attention. Fed lists, it runs per image and caches per image.",
  inputs: {
    model: input(HeadModel),
    image: input(Image),
    camera: input(Camera),
    params: input(HeadParams),
    mask: input(Image, {
      optional: true,
      description: "the person's mask (model.segmentPortrait; alpha = weight): background pixels never enter",
    }),
  },
  params: z.object({
    uvSize: UV_SIZE,
    edgeFalloff: z.number().positive().default(6).describe('pixels from a silhouette edge to full weight'),
  }),
  outputs: { contribution: output(Tensor, { description: '[S, S * pages, 4] f32: (w r, w g, w b, w)' }) },
  run({ inputs, params }) {
    const atlas = uvAtlasFor(inputs.model, params.uvSize);
    const mesh = evaluateHead(inputs.model, inputs.params);
    const { image, mask } = inputs;
    if (mask && (mask.width !== image.width || mask.height !== image.height))
      throw new PortError(
        'mask',
        `the mask is ${mask.width}x${mask.height}, the photo ${image.width}x${image.height}`,
      );
    const data = fuseImage(atlas, mesh, inputs.camera, image, {
      edgeFalloff: params.edgeFalloff,
      ...(mask ? { mask: imageToRgba8(mask) } : {}),
    });
    return { contribution: { dtype: 'f32' as const, shape: [atlas.size, atlas.width, 4], data } };
  },
});
