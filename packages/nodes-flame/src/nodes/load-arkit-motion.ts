import { z } from 'zod';
import { defineNode, input, Motion, output, Path } from '@ffavatar/core';
import { motionFromLiveLinkCsv } from '../motion/live-link-csv.js';
import { motionFromMediapipeJson } from '../motion/mediapipe-json.js';
import { MotionFormatError } from '../motion/motion-format-error.js';

export const loadArkitMotionNode = defineNode({
  type: 'flame.loadArkitMotion',
  version: 1,
  title: 'Load ARKit motion',
  category: 'Driving',
  description:
    "ARKit blend-shape motion: a Live Link Face CSV (.csv) or MediaPipe Face Landmarker blend shapes per frame (.json), as an ARKit-named Motion (flame.applyMotion maps it onto ICT's names).",
  inputs: { path: input(Path) },
  params: z.object({
    fps: z
      .number()
      .positive()
      .default(60)
      .describe("frame rate when the file has none (Live Link Face's CSV never does)"),
  }),
  outputs: { motion: output(Motion) },
  async run({ inputs, params, ctx }) {
    const file = ctx.files.resolve(inputs.path);
    const text = new TextDecoder().decode(await ctx.files.read(inputs.path));
    if (/\.csv$/i.test(file)) return { motion: motionFromLiveLinkCsv(text, file, params.fps) };
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new MotionFormatError(file, `not valid JSON (${(err as Error).message})`);
    }
    return { motion: motionFromMediapipeJson(raw, file, params.fps) };
  },
});
