import { z } from 'zod';
import { defineNode, GaussianCloud, input, output, Path } from '@ffavatar/core';
import { readGaussianPly, writeGaussianPly } from '../io/ply-gaussians.js';
import { writeSplat } from '../io/splat-format.js';

export const loadPly = defineNode({
  type: 'splat.loadPly', version: 1, title: 'Load PLY', category: 'Splat',
  description: 'Reads a 3DGS PLY (binary or ascii): means, scales, rotations, opacities, SH; other properties kept as extras.',
  inputs: { path: input(Path) },
  outputs: { gaussians: output(GaussianCloud) },
  async run({ inputs, ctx }) {
    return { gaussians: readGaussianPly(await ctx.files.read(inputs.path), ctx.files.resolve(inputs.path)) };
  },
});

/** A file path ending in `ext` (any case): a bare folder (`out/`, `.`) or another format is refused at validation. */
function savePath(ext: string, example: string) {
  const pattern = [...ext].map((c) => `[${c}${c.toUpperCase()}]`).join('');
  return z.string().min(1).regex(new RegExp(`^(?:.*/)?[^/]+\\.${pattern}$`), `a file path ending in .${ext}, relative to the output folder (e.g. ${example})`);
}

export const savePly = defineNode({
  type: 'splat.savePly', version: 1, title: 'Save PLY', category: 'Splat', effect: true,
  description: 'Writes a standard 3DGS PLY (binary little-endian, INRIA property order) under the output folder.',
  inputs: { gaussians: input(GaussianCloud) },
  params: z.object({ path: savePath('ply', 'avatar/gaussians.ply').default('gaussians.ply') }),
  outputs: { path: output(Path) },
  async run({ inputs, params, ctx }) {
    return { path: await ctx.files.write(params.path, writeGaussianPly(inputs.gaussians)) };
  },
});

export const saveSplat = defineNode({
  type: 'splat.saveSplat', version: 1, title: 'Save .splat', category: 'Splat', effect: true,
  description: 'Writes the compact .splat format of web viewers (no view-dependent colour).',
  inputs: { gaussians: input(GaussianCloud) },
  params: z.object({ path: savePath('splat', 'gaussians.splat').default('gaussians.splat') }),
  outputs: { path: output(Path) },
  async run({ inputs, params, ctx }) {
    return { path: await ctx.files.write(params.path, writeSplat(inputs.gaussians)) };
  },
});
