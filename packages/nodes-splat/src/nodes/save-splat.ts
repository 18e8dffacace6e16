import { z } from 'zod';
import { defineNode, GaussianCloud, input, output, Path } from '@ffavatar/core';
import { writeSplat } from '../io/splat-format.js';
import { savePath } from './save-path.js';

export const saveSplat = defineNode({
  type: 'splat.saveSplat',
  version: 1,
  title: 'Save .splat',
  category: 'Splat',
  effect: true,
  description: 'Writes the compact .splat format of web viewers (no view-dependent colour).',
  inputs: { gaussians: input(GaussianCloud) },
  params: z.object({ path: savePath('splat', 'gaussians.splat').default('gaussians.splat') }),
  outputs: { path: output(Path) },
  async run({ inputs, params, ctx }) {
    return { path: await ctx.files.write(params.path, writeSplat(inputs.gaussians)) };
  },
});
