import { defineNode, GaussianCloud, input, output, Path } from '@ffavatar/core';
import { readSpz } from '../io/spz-format.js';

export const loadSpz = defineNode({
  type: 'splat.loadSpz',
  version: 1,
  title: 'Load SPZ',
  category: 'Splat',
  description: "Reads Niantic's SPZ (versions 2 and 3, gzip, and 4, zstd); refuses newer versions by name.",
  inputs: { path: input(Path) },
  outputs: { gaussians: output(GaussianCloud) },
  async run({ inputs, ctx }) {
    return { gaussians: await readSpz(await ctx.files.read(inputs.path), ctx.files.resolve(inputs.path)) };
  },
});
