import { z } from 'zod';
import { defineNode, HeadModel, Image, input, Landmarks, listOf, output, Tracking } from '@ffavatar/core';
import { fitLandmarks } from './fit-landmarks.js';

export const fitLandmarksNode = defineNode({
  type: 'flame.fitLandmarks', version: 1, title: 'Fit to landmarks', category: 'Tracking',
  description: 'Per image camera (rotation, translation, focal) and expression, one identity for all images, by Levenberg-Marquardt on 68 landmarks (robust, with priors).',
  inputs: {
    model: input(HeadModel),
    images: input(listOf(Image), { description: 'the photos, for their sizes' }),
    landmarks: input(listOf(Landmarks), { description: 'iBUG-68 landmarks per photo, same order' }),
  },
  params: z.object({
    identityModes: z.number().int().min(0).max(300).default(24),
    iterations: z.number().int().min(1).max(500).default(60),
    identityPrior: z.number().min(0).default(10),
    expressionPrior: z.number().min(0).default(2),
    fitFocal: z.boolean().default(true),
    identityImages: z.number().int().min(0).default(8).describe('identity from the first n photos (0: all); later ones are fitted with it fixed, so adding photos never re-tracks earlier ones'),
    focal: z.number().positive().optional().describe('focal length guess in pixels; default 1.2 x the larger side'),
  }),
  outputs: { tracking: output(Tracking) },
  run({ inputs, params }) {
    const { model, images, landmarks } = inputs;
    if (images.length !== landmarks.length) {
      throw new Error(`${images.length} images but ${landmarks.length} landmark sets: they must pair up`);
    }
    const observations = images.map((img, i) => {
      const lm = landmarks[i]!;
      if (lm.count !== 68) throw new Error(`image ${i}: ${lm.count} landmarks, the fit needs the 68 iBUG points`);
      return { width: img.width, height: img.height, points: lm.points, ...(lm.confidence ? { confidence: lm.confidence } : {}) };
    });
    const options = {
      identityModes: params.identityModes, iterations: params.iterations, identityPrior: params.identityPrior,
      expressionPrior: params.expressionPrior, fitFocal: params.fitFocal, ...(params.focal ? { focalGuess: params.focal } : {}),
    };
    const n = params.identityImages > 0 ? Math.min(params.identityImages, observations.length) : observations.length;
    const fit = fitLandmarks(model, observations.slice(0, n), options);
    // Later photos one by one with the identity fixed: each result depends on its photo alone.
    for (const obs of observations.slice(n)) {
      const one = fitLandmarks(model, [obs], { ...options, identity: fit.identity });
      fit.cameras.push(one.cameras[0]!);
      fit.expressions.push(one.expressions[0]!);
      fit.errors.push(one.errors[0]!);
    }
    return {
      tracking: {
        frames: fit.cameras.map((camera, i) => ({
          camera,
          params: {
            model: model.name, identity: fit.identity, expression: fit.expressions[i]!,
            rotation: new Float32Array(3), translation: new Float32Array(3),
          },
          error: fit.errors[i]!,
        })),
      },
    };
  },
});
