import { z } from 'zod';
import { defineNode, Image, input, output, Tokens } from '@ffavatar/core';
import { encoderInput } from './image-input.js';
import { stageModelParams as modelParams } from './stage-params.js';
import { SMALL_SIZE } from './stage-size.js';
import { openStageModel } from './stage-session.js';

// The image-to-canonical learned stages, one per file: this one (per image), alternating-attention-node.ts
// (all images), vertex-alignment-node.ts (canonical tokens to per-vertex features).

export const encoderNode = defineNode({
  type: 'learned.encoder',
  version: 1,
  title: 'Encoder (learned)',
  category: 'Learned',
  description:
    "Patch tokens of one image from an ONNX model (encoder contract): centred square crop, box-filtered to the model's S x S, ImageNet-normalised. Fed a list, it runs per image and caches per image.",
  inputs: { image: input(Image) },
  params: z.object(modelParams),
  outputs: { tokens: output(Tokens, { description: '[1, P, D]' }) },
  async run({ inputs, params, ctx }) {
    const stage = await openStageModel('encoder', {
      files: ctx.files,
      path: params.model,
      weights: params.weights,
      seed: params.seed,
      maxBytes: params.maxModelBytes,
      signal: ctx.signal,
      size: SMALL_SIZE,
    });
    const S = stage.axes.get('S') ?? SMALL_SIZE.imageSize;
    const r = await stage.session.run(
      { images: { dtype: 'float32', shape: [1, 3, S, S], data: encoderInput(inputs.image, S) } },
      ctx.signal,
    );
    const t = r.tokens;
    if (!t || t.dtype !== 'float32' || t.shape.length !== 3)
      throw new Error(`${stage.source}: output tokens is [${t?.shape.join(', ')}], expected [1, P, D]`);
    return { tokens: { batch: 1, count: t.shape[1]!, dim: t.shape[2]!, data: t.data } };
  },
});
