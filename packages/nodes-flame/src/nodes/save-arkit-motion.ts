import { z } from 'zod';
import { defineNode, input, Motion, output, Path } from '@ffavatar/core';
import { motionToLiveLinkCsv } from '../motion/live-link-csv.js';
import { motionToMediapipeJson } from '../motion/mediapipe-json.js';

export const saveArkitMotionNode = defineNode({
  type: 'flame.saveArkitMotion',
  version: 1,
  title: 'Save ARKit motion',
  category: 'Driving',
  effect: true,
  description:
    'Writes an ARKit- or ICT-named motion in ARKit-52 names, atomically under the output folder: .csv as Live Link Face writes it, .json as MediaPipe-style blend shapes per frame.',
  inputs: { motion: input(Motion) },
  params: z.object({
    path: z
      .string()
      .regex(
        /^(?:.*\/)?[^/]+\.(?:csv|json)$/,
        'a file path ending in .csv or .json, relative to the output folder',
      )
      .default('motion-arkit.csv')
      .describe('Relative to the output folder; .csv (Live Link Face) or .json (MediaPipe blend shapes)'),
  }),
  outputs: { path: output(Path) },
  async run({ inputs, params, ctx }) {
    const text = params.path.endsWith('.csv')
      ? motionToLiveLinkCsv(inputs.motion)
      : motionToMediapipeJson(inputs.motion);
    return { path: await ctx.files.write(params.path, text) };
  },
});
