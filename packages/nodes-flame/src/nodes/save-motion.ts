import { z } from 'zod';
import { defineNode, input, Motion, output, Path } from '@ffavatar/core';
import { motionToJson } from '../motion/motion-file.js';

export const saveMotionNode = defineNode({
  type: 'flame.saveMotion',
  version: 1,
  title: 'Save motion',
  category: 'Driving',
  effect: true,
  description: 'Writes a motion as the JSON flame.loadMotion reads, atomically, under the output folder.',
  inputs: { motion: input(Motion) },
  params: z.object({
    path: z
      .string()
      .regex(/^(?:.*\/)?[^/]+\.json$/, 'a file path ending in .json, relative to the output folder')
      .default('motion.json')
      .describe('Relative to the output folder; .json'),
  }),
  outputs: { path: output(Path) },
  async run({ inputs, params, ctx }) {
    return { path: await ctx.files.write(params.path, motionToJson(inputs.motion)) };
  },
});
