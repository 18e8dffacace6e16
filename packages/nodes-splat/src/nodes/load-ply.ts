import { defineNode, GaussianCloud, input, output, Path } from '@ffavatar/core';
import { readGaussianPly } from '../io/ply-gaussians.js';

export const loadPly = defineNode({
  type: 'splat.loadPly',
  version: 1,
  title: 'Load PLY',
  category: 'Splat',
  description:
    'Reads a 3DGS PLY (binary or ascii): means, scales, rotations, opacities, SH; other properties kept as extras.',
  inputs: { path: input(Path) },
  outputs: { gaussians: output(GaussianCloud) },
  async run({ inputs, ctx }) {
    return { gaussians: readGaussianPly(await ctx.files.read(inputs.path), ctx.files.resolve(inputs.path)) };
  },
});
