import { z } from 'zod';
import { CanonicalField, defineNode, HeadModel, input, output, Tokens } from '@ffavatar/core';

export const alignAnchorsNode = defineNode({
  type: 'flame.alignAnchors',
  version: 1,
  title: 'Align anchors',
  category: 'Avatar',
  runOn: 'main',
  description:
    "The sparse stage of FLAME alignment: the canonical field sampled at anchor vertices (all, or every n-th), as tokens [1, N, C + 3]: the features followed by the anchor's neutral position (metres).",
  inputs: { field: input(CanonicalField), model: input(HeadModel) },
  params: z.object({
    every: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(1)
      .describe('keep every n-th vertex as an anchor (1: all)'),
  }),
  outputs: { anchors: output(Tokens) },
  run({ inputs, params }) {
    const { field, model } = inputs;
    if (field.headModel !== model.name)
      throw new Error(`the field belongs to ${field.headModel}, the model is ${model.name}`);
    const C = field.channels,
      D = C + 3;
    const ids: number[] = [];
    for (let v = 0; v < model.vertexCount; v += params.every) ids.push(v);
    const data = new Float32Array(ids.length * D);
    ids.forEach((v, i) => {
      data.set(field.vertexFeatures.subarray(v * C, v * C + C), i * D);
      data.set(model.template.subarray(v * 3, v * 3 + 3), i * D + C);
    });
    return { anchors: { batch: 1, count: ids.length, dim: D, data, vertices: Uint32Array.from(ids) } };
  },
});
