import { defineNode, GaussianCloud, input, output, Path } from '@ffavatar/core';
import { readSplat } from '../io/splat-format.js';

export const loadSplat = defineNode({
  type: 'splat.loadSplat',
  version: 1,
  title: 'Load .splat',
  category: 'Splat',
  description: 'Reads the 32-byte-per-Gaussian .splat of web viewers (SH degree 0).',
  inputs: { path: input(Path) },
  outputs: { gaussians: output(GaussianCloud) },
  async run({ inputs, ctx }) {
    return { gaussians: readSplat(await ctx.files.read(inputs.path), ctx.files.resolve(inputs.path)) };
  },
});
