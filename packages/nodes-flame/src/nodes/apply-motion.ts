import { z } from 'zod';
import { defineNode, HeadModel, HeadParams, input, listOf, Motion, output } from '@ffavatar/core';
import { applyMotion } from '../motion/apply-motion.js';

export const applyMotionNode = defineNode({
  type: 'flame.applyMotion',
  version: 1,
  title: 'Apply motion',
  category: 'Driving',
  runOn: 'main',
  description:
    "One HeadParams per motion frame: the subject's identity and pose with the motion's expressions and head rotation (cross-reenactment when the motion comes from someone else).",
  inputs: {
    motion: input(Motion),
    params: input(HeadParams, { description: 'the subject (identity, base pose)' }),
    model: input(HeadModel),
  },
  params: z.object({ every: z.number().int().min(1).default(1).describe('keep every n-th frame') }),
  outputs: { frames: output(listOf(HeadParams)) },
  run({ inputs, params }) {
    return { frames: applyMotion(inputs.motion, inputs.params, inputs.model.expressionNames, params.every) };
  },
});
