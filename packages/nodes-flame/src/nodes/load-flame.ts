import { z } from 'zod';
import { defineNode, fileParam, HeadModel, output, throwIfAborted } from '@ffavatar/core';
import { loadFlame } from '../flame/load-flame.js';

export const loadFlameNode = defineNode({
  type: 'flame.loadFlame',
  version: 1,
  title: 'FLAME head model',
  category: 'Head model',
  description:
    "Loads FLAME from your own npz (keys v_template, shapedirs, posedirs, J_regressor, weights, kintree_table, f; optional landmark embedding, vt/ft). FLAME's licence forbids shipping it, so nothing is bundled.",
  params: z.object({
    path: fileParam(z.string().min(1, 'give the path of your FLAME npz'), ['.npz']).describe(
      'Your FLAME model as npz',
    ),
    shapeCount: z
      .number()
      .int()
      .nonnegative()
      .default(300)
      .describe('Leading shapedirs components that are identity; the rest are expression'),
    name: z.string().min(1).default('flame').describe('Model name carried by its HeadParams'),
  }),
  outputs: { model: output(HeadModel) },
  async run({ params, ctx }) {
    const bytes = await ctx.files.read(params.path);
    throwIfAborted(ctx.signal);
    return {
      model: loadFlame(bytes, ctx.files.resolve(params.path), {
        shapeCount: params.shapeCount,
        name: params.name,
      }),
    };
  },
});
