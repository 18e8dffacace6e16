import { defineNode, GaussianCloud, input, output, Path } from '@ffavatar/core';
import { readGaussianGlb } from '../io/gltf-read.js';

export const loadGltf = defineNode({
  type: 'splat.loadGltf',
  version: 1,
  title: 'Load glTF (GLB)',
  category: 'Splat',
  description:
    'Reads the KHR_gaussian_splatting primitives of a GLB (node transforms applied); refuses a required extension it does not know.',
  inputs: { path: input(Path) },
  outputs: { gaussians: output(GaussianCloud) },
  async run({ inputs, ctx }) {
    return {
      gaussians: await readGaussianGlb(await ctx.files.read(inputs.path), ctx.files.resolve(inputs.path)),
    };
  },
});
