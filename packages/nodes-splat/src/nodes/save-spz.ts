import { z } from 'zod';
import { defineNode, GaussianCloud, input, output, Path } from '@ffavatar/core';
import { writeSpz } from '../io/spz-format.js';
import { savePath } from './save-path.js';

export const saveSpz = defineNode({
  type: 'splat.saveSpz',
  version: 1,
  title: 'Save SPZ',
  category: 'Splat',
  effect: true,
  description:
    "Writes Niantic's compressed SPZ (version 3, gzip; about 10x smaller than PLY, 8-bit colour and SH), opened by Spark and other SPZ viewers.",
  inputs: { gaussians: input(GaussianCloud) },
  params: z.object({ path: savePath('spz', 'avatar.spz').default('gaussians.spz') }),
  outputs: { path: output(Path) },
  async run({ inputs, params, ctx }) {
    return { path: await ctx.files.write(params.path, await writeSpz(inputs.gaussians)) };
  },
});
