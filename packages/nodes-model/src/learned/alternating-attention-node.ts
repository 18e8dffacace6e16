import { z } from 'zod';
import { defineNode, input, listOf, output, PortError, Tokens, Tracking } from '@ffavatar/core';
import { stageModelParams as modelParams } from './stage-params.js';
import { SMALL_SIZE } from './stage-size.js';
import { openStageModel } from './stage-session.js';

export const alternatingAttentionNode = defineNode({
  type: 'learned.alternatingAttention',
  version: 1,
  title: 'Alternating attention (learned)',
  category: 'Learned',
  description:
    'One canonical token set from the tokens of every image plus their tracked cameras and expressions, by an ONNX model (alternating attention contract; the image count is a dynamic axis).',
  inputs: {
    tokens: input(listOf(Tokens), { description: 'one [1, P, D] per image' }),
    tracking: input(Tracking),
  },
  params: z.object(modelParams),
  outputs: { canonical: output(Tokens, { description: '[1, P, D]' }) },
  async run({ inputs, params, ctx }) {
    const { tokens, tracking } = inputs;
    const N = tokens.length;
    if (N === 0) throw new PortError('tokens', 'no images');
    if (tracking.frames.length !== N)
      throw new PortError('tracking', `${tracking.frames.length} tracked frames for ${N} token sets`);
    const first = tokens[0]!;
    tokens.forEach((t, i) => {
      if (t.batch !== 1 || t.count !== first.count || t.dim !== first.dim)
        throw new PortError(
          'tokens',
          `item ${i} is [${t.batch}, ${t.count}, ${t.dim}], item 0 [1, ${first.count}, ${first.dim}]`,
        );
    });
    const E = tracking.frames[0]!.params.expression.length;
    const stage = await openStageModel('alternatingAttention', {
      files: ctx.files,
      path: params.model,
      weights: params.weights,
      seed: params.seed,
      maxBytes: params.maxModelBytes,
      signal: ctx.signal,
      size: { ...SMALL_SIZE, expression: E },
    });
    const data = new Float32Array(N * first.count * first.dim);
    tokens.forEach((t, i) => data.set(t.data, i * first.count * first.dim));
    const camera = new Float32Array(N * 12),
      expression = new Float32Array(N * E);
    tracking.frames.forEach((f, i) => {
      camera.set(f.camera.rotation, i * 12);
      camera.set(f.camera.translation, i * 12 + 9);
      expression.set(f.params.expression, i * E);
    });
    const r = await stage.session.run(
      {
        tokens: { dtype: 'float32', shape: [N, first.count, first.dim], data },
        camera: { dtype: 'float32', shape: [N, 12], data: camera },
        expression: { dtype: 'float32', shape: [N, E], data: expression },
      },
      ctx.signal,
    );
    const c = r.canonical;
    if (!c || c.dtype !== 'float32' || c.shape.join() !== `1,${first.count},${first.dim}`)
      throw new Error(
        `${stage.source}: output canonical is [${c?.shape.join(', ')}], expected [1, ${first.count}, ${first.dim}]`,
      );
    return { canonical: { batch: 1, count: first.count, dim: first.dim, data: c.data } };
  },
});
