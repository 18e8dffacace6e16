import { z } from 'zod';
import { CanonicalField, defineNode, HeadModel, input, output, Tokens } from '@ffavatar/core';
import { stageModelParams as modelParams } from './stage-params.js';
import { SMALL_SIZE } from './stage-size.js';
import { openStageModel } from './stage-session.js';

export const vertexAlignmentNode = defineNode({
  type: 'learned.vertexAlignment',
  version: 1,
  title: 'Vertex alignment (learned)',
  category: 'Learned',
  description:
    "Per-vertex features of the head model from the canonical tokens (vertex alignment contract: anchors are the neutral template's vertices with their UVs). The field's UV map is left empty (1 x 1, confidence 0): learned.uvDecoder reads the vertex features.",
  inputs: { canonical: input(Tokens), model: input(HeadModel) },
  params: z.object(modelParams),
  outputs: { field: output(CanonicalField) },
  async run({ inputs, params, ctx }) {
    const { canonical, model: head } = inputs;
    const V = head.vertexCount;
    const stage = await openStageModel('vertexAlignment', {
      files: ctx.files,
      path: params.model,
      weights: params.weights,
      seed: params.seed,
      maxBytes: params.maxModelBytes,
      signal: ctx.signal,
      size: SMALL_SIZE,
    });
    const anchors = new Float32Array(V * 5);
    for (let v = 0; v < V; v++) anchors.set(head.template.subarray(v * 3, v * 3 + 3), v * 5);
    // UVs are per triangle corner; a vertex takes the first corner that names it (seams pick a side).
    const uv = head.uv;
    if (uv) {
      const seen = new Uint8Array(V);
      for (let k = 0; k < head.triangles.length; k++) {
        const v = head.triangles[k]!,
          c = uv.triangles[k]!;
        if (seen[v]) continue;
        seen[v] = 1;
        anchors[v * 5 + 3] = uv.coords[c * 2]!;
        anchors[v * 5 + 4] = uv.coords[c * 2 + 1]!;
      }
    }
    const r = await stage.session.run(
      {
        canonical: {
          dtype: 'float32',
          shape: [1, canonical.count, canonical.dim],
          data: Float32Array.from(canonical.data),
        },
        anchors: { dtype: 'float32', shape: [V, 5], data: anchors },
      },
      ctx.signal,
    );
    const f = r.vertex_features;
    if (!f || f.dtype !== 'float32' || f.shape.length !== 2 || f.shape[0] !== V)
      throw new Error(
        `${stage.source}: output vertex_features is [${f?.shape.join(', ')}], expected [${V}, C]`,
      );
    const C = f.shape[1]!;
    return {
      field: {
        headModel: head.name,
        uvSize: 1,
        tiles: 1,
        channels: C,
        uvFeatures: new Float32Array(C),
        uvConfidence: new Float32Array(1),
        vertexFeatures: f.data,
        images: 1,
      },
    };
  },
});
