import { defineNode, input, Motion, output, Path } from '@ffavatar/core';
import { motionFromJson } from '../motion/motion-file.js';

export const loadMotionNode = defineNode({
  type: 'flame.loadMotion',
  version: 1,
  title: 'Load motion',
  category: 'Driving',
  description:
    'A motion from JSON: { fps, expressionNames, frames: [{ expression: [...], rotation: [x, y, z] }] } (rotation axis-angle, radians).',
  inputs: { path: input(Path) },
  outputs: { motion: output(Motion) },
  async run({ inputs, ctx }) {
    const file = ctx.files.resolve(inputs.path);
    let raw: unknown;
    try {
      raw = JSON.parse(new TextDecoder().decode(await ctx.files.read(inputs.path)));
    } catch (err) {
      throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
    }
    return { motion: motionFromJson(raw, file) };
  },
});
