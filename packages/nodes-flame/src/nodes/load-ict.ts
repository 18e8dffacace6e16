import { z } from 'zod';
import { defineNode, fileParam, HeadModel, output, throwIfAborted } from '@ffavatar/core';
import { ICT_ASSET, loadIctFaceKit } from '../ict/load-ict.js';

export const loadIctNode = defineNode({
  type: 'flame.loadIct',
  version: 1,
  title: 'ICT-FaceKit head model',
  category: 'Head model',
  description:
    'Loads ICT-FaceKit Light (MIT): 24,591 vertices, 100 identity modes, 53 ARKit-style expressions in [0, 1], UVs, 68 landmarks, regions. Found by the asset resolver unless a path is given.',
  params: z.object({
    path: fileParam(z.string().min(1), ['.npz'])
      .default(`asset:${ICT_ASSET}`)
      .describe('The converted npz; `asset:` names a shared asset'),
  }),
  outputs: { model: output(HeadModel) },
  async run({ params, ctx }) {
    const bytes = await ctx.files.read(params.path);
    throwIfAborted(ctx.signal);
    return { model: loadIctFaceKit(bytes, ctx.files.resolve(params.path)) };
  },
});
