import { z } from 'zod';
import { defineNode, HeadModel, input, Motion, Num, output, Tracking } from '@ffavatar/core';
import { motionFromTracking } from '../motion/tracking-motion.js';

export const trackingMotionNode = defineNode({
  type: 'flame.trackingMotion',
  version: 1,
  title: 'Motion from tracking',
  category: 'Driving',
  runOn: 'main',
  description:
    "Turns the tracking of a driving video or photo series into a Motion: each frame's expression, and its head rotation relative to the first frame (cross-reenactment: drive one avatar with another person's performance).",
  inputs: {
    tracking: input(Tracking),
    model: input(HeadModel),
    fps: input(Num, {
      optional: true,
      description: "The frames' rate (io.loadVideo's fps); overrides the param",
    }),
  },
  params: z.object({ fps: z.number().positive().max(240).default(12) }),
  outputs: { motion: output(Motion) },
  run({ inputs, params }) {
    return { motion: motionFromTracking(inputs.tracking, inputs.model, inputs.fps ?? params.fps) };
  },
});
