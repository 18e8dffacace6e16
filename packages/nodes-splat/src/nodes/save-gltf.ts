import { z } from 'zod';
import { defineNode, GaussianCloud, input, output, Path } from '@ffavatar/core';
import { writeGaussianGlb } from '../io/gltf-write.js';
import { savePath } from './save-path.js';

export const saveGltf = defineNode({
  type: 'splat.saveGltf',
  version: 1,
  title: 'Save glTF (GLB)',
  category: 'Splat',
  effect: true,
  description:
    'Writes a binary glTF with the ratified KHR_gaussian_splatting: one POINTS primitive (POSITION, ROTATION xyzw, linear SCALE, OPACITY, every SH band, COLOR_0 for viewers without the extension).',
  inputs: { gaussians: input(GaussianCloud) },
  params: z.object({ path: savePath('glb', 'avatar.glb').default('gaussians.glb') }),
  outputs: { path: output(Path) },
  async run({ inputs, params, ctx }) {
    return { path: await ctx.files.write(params.path, await writeGaussianGlb(inputs.gaussians)) };
  },
});
