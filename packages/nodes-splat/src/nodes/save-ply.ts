import { z } from 'zod';
import { defineNode, GaussianCloud, input, output, Path } from '@ffavatar/core';
import { writeGaussianPly } from '../io/ply-gaussians.js';
import { savePath } from './save-path.js';

export const savePly = defineNode({
  type: 'splat.savePly',
  version: 1,
  title: 'Save PLY',
  category: 'Splat',
  effect: true,
  description:
    'Writes a standard 3DGS PLY (binary little-endian, INRIA property order) under the output folder.',
  inputs: { gaussians: input(GaussianCloud) },
  params: z.object({ path: savePath('ply', 'avatar/gaussians.ply').default('gaussians.ply') }),
  outputs: { path: output(Path) },
  async run({ inputs, params, ctx }) {
    return { path: await ctx.files.write(params.path, writeGaussianPly(inputs.gaussians)) };
  },
});
