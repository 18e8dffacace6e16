import { z } from 'zod';
import { defineNode, HeadModel, input, Motion, output } from '@ffavatar/core';
import { demoMotion } from '../motion/demo-motion.js';

export const demoMotionNode = defineNode({
  type: 'flame.demoMotion',
  version: 1,
  title: 'Demo motion',
  category: 'Driving',
  runOn: 'main',
  description:
    'A built-in driving sequence: yaw and pitch sweep, smile, jaw open, blink, eased between key poses.',
  inputs: { model: input(HeadModel) },
  params: z.object({
    fps: z.number().positive().max(120).default(12),
    secondsPerKey: z.number().positive().max(10).default(0.6),
  }),
  outputs: { motion: output(Motion) },
  run({ inputs, params }) {
    return { motion: demoMotion(inputs.model.expressionNames, params.fps, params.secondsPerKey) };
  },
});
