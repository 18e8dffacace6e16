import { z } from 'zod';
import { defineNode, HeadModel, input, Landmarks, listOf, output, Tensor, Tracking } from '@ffavatar/core';
import { fitLinearRefiner } from './linear-refiner.js';

export const fitRefinerNode = defineNode({
  type: 'flame.fitRefiner',
  version: 1,
  title: 'Motion refiner (linear)',
  category: 'Avatar',
  description:
    "Learns, per subject, the motion the head model's blendshapes miss: a linear residual on expression [V * 3, E] fitted to what tracking left unexplained across photos with different expressions. Plug it into flame.evaluate's `refiner`.",
  inputs: { model: input(HeadModel), tracking: input(Tracking), landmarks: input(listOf(Landmarks)) },
  params: z.object({
    ridge: z
      .number()
      .positive()
      .default(0.05)
      .describe('regularisation: larger keeps the residual small with few photos'),
    radius: z
      .number()
      .positive()
      .max(0.1)
      .default(0.012)
      .describe('falloff around each landmark on the head, metres'),
  }),
  outputs: { refiner: output(Tensor, { description: '[V * 3, E] f32: vertices += refiner @ expression' }) },
  run({ inputs, params }) {
    const { model, tracking, landmarks } = inputs;
    if (landmarks.length !== tracking.frames.length)
      throw new Error(`${landmarks.length} landmark sets for ${tracking.frames.length} tracked photos`);
    const data = fitLinearRefiner(
      model,
      tracking.frames.map((f, i) => ({ camera: f.camera, params: f.params, points: landmarks[i]!.points })),
      params,
    );
    return {
      refiner: { dtype: 'f32' as const, shape: [model.vertexCount * 3, model.expressionCount], data },
    };
  },
});
