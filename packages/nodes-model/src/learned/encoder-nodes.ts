import { z } from 'zod';
import { CanonicalField, defineNode, HeadModel, input, listOf, output, PortError, Tokens, Tracking, Image, fileParam } from '@ffavatar/core';
import { DEFAULT_MAX_MODEL_BYTES } from '../onnx/limits.js';
import { encoderInput } from './image-input.js';
import { SMALL_SIZE } from './stage-size.js';
import { openStageModel } from './stage-session.js';

// The image-to-canonical learned stages: encoder (per image), alternating attention (all images),
// vertex alignment (canonical tokens to per-vertex features). Each runs its contract's model.

const modelParams = {
  model: fileParam(z.string(), ['.onnx']).default('').describe('ONNX file (see CONTRACTS.md); empty: seeded reference weights, untrained'),
  weights: fileParam(z.string(), ['.safetensors']).default('').describe('safetensors file of reference-architecture weights (used when model is empty); empty: seeded'),
  seed: z.number().int().min(0).default(0),
  maxModelBytes: z.number().int().positive().default(DEFAULT_MAX_MODEL_BYTES),
};

export const encoderNode = defineNode({
  type: 'learned.encoder', version: 1, title: 'Encoder (learned)', category: 'Learned',
  description: 'Patch tokens of one image from an ONNX model (encoder contract): centred square crop, box-filtered to the model\'s S x S, ImageNet-normalised. Fed a list, it runs per image and caches per image.',
  inputs: { image: input(Image) },
  params: z.object(modelParams),
  outputs: { tokens: output(Tokens, { description: '[1, P, D]' }) },
  async run({ inputs, params, ctx }) {
    const stage = await openStageModel('encoder', { files: ctx.files, path: params.model, weights: params.weights, seed: params.seed, maxBytes: params.maxModelBytes, signal: ctx.signal, size: SMALL_SIZE });
    const S = stage.axes.get('S') ?? SMALL_SIZE.imageSize;
    const r = await stage.session.run({ images: { dtype: 'float32', shape: [1, 3, S, S], data: encoderInput(inputs.image, S) } }, ctx.signal);
    const t = r.tokens;
    if (!t || t.dtype !== 'float32' || t.shape.length !== 3) throw new Error(`${stage.source}: output tokens is [${t?.shape.join(', ')}], expected [1, P, D]`);
    return { tokens: { batch: 1, count: t.shape[1]!, dim: t.shape[2]!, data: t.data } };
  },
});

export const alternatingAttentionNode = defineNode({
  type: 'learned.alternatingAttention', version: 1, title: 'Alternating attention (learned)', category: 'Learned',
  description: 'One canonical token set from the tokens of every image plus their tracked cameras and expressions, by an ONNX model (alternating attention contract; the image count is a dynamic axis).',
  inputs: { tokens: input(listOf(Tokens), { description: 'one [1, P, D] per image' }), tracking: input(Tracking) },
  params: z.object(modelParams),
  outputs: { canonical: output(Tokens, { description: '[1, P, D]' }) },
  async run({ inputs, params, ctx }) {
    const { tokens, tracking } = inputs;
    const N = tokens.length;
    if (N === 0) throw new PortError('tokens', 'no images');
    if (tracking.frames.length !== N) throw new PortError('tracking', `${tracking.frames.length} tracked frames for ${N} token sets`);
    const first = tokens[0]!;
    tokens.forEach((t, i) => {
      if (t.batch !== 1 || t.count !== first.count || t.dim !== first.dim) throw new PortError('tokens', `item ${i} is [${t.batch}, ${t.count}, ${t.dim}], item 0 [1, ${first.count}, ${first.dim}]`);
    });
    const E = tracking.frames[0]!.params.expression.length;
    const stage = await openStageModel('alternatingAttention', { files: ctx.files, path: params.model, weights: params.weights, seed: params.seed, maxBytes: params.maxModelBytes, signal: ctx.signal, size: { ...SMALL_SIZE, expression: E } });
    const data = new Float32Array(N * first.count * first.dim);
    tokens.forEach((t, i) => data.set(t.data, i * first.count * first.dim));
    const camera = new Float32Array(N * 12), expression = new Float32Array(N * E);
    tracking.frames.forEach((f, i) => {
      camera.set(f.camera.rotation, i * 12);
      camera.set(f.camera.translation, i * 12 + 9);
      expression.set(f.params.expression, i * E);
    });
    const r = await stage.session.run({
      tokens: { dtype: 'float32', shape: [N, first.count, first.dim], data },
      camera: { dtype: 'float32', shape: [N, 12], data: camera },
      expression: { dtype: 'float32', shape: [N, E], data: expression },
    }, ctx.signal);
    const c = r.canonical;
    if (!c || c.dtype !== 'float32' || c.shape.join() !== `1,${first.count},${first.dim}`) throw new Error(`${stage.source}: output canonical is [${c?.shape.join(', ')}], expected [1, ${first.count}, ${first.dim}]`);
    return { canonical: { batch: 1, count: first.count, dim: first.dim, data: c.data } };
  },
});

export const vertexAlignmentNode = defineNode({
  type: 'learned.vertexAlignment', version: 1, title: 'Vertex alignment (learned)', category: 'Learned',
  description: 'Per-vertex features of the head model from the canonical tokens (vertex alignment contract: anchors are the neutral template\'s vertices with their UVs). The field\'s UV map is left empty (1 x 1, confidence 0): learned.uvDecoder reads the vertex features.',
  inputs: { canonical: input(Tokens), model: input(HeadModel) },
  params: z.object(modelParams),
  outputs: { field: output(CanonicalField) },
  async run({ inputs, params, ctx }) {
    const { canonical, model: head } = inputs;
    const V = head.vertexCount;
    const stage = await openStageModel('vertexAlignment', { files: ctx.files, path: params.model, weights: params.weights, seed: params.seed, maxBytes: params.maxModelBytes, signal: ctx.signal, size: SMALL_SIZE });
    const anchors = new Float32Array(V * 5);
    for (let v = 0; v < V; v++) anchors.set(head.template.subarray(v * 3, v * 3 + 3), v * 5);
    // UVs are per triangle corner; a vertex takes the first corner that names it (seams pick a side).
    const uv = head.uv;
    if (uv) {
      const seen = new Uint8Array(V);
      for (let k = 0; k < head.triangles.length; k++) {
        const v = head.triangles[k]!, c = uv.triangles[k]!;
        if (seen[v]) continue;
        seen[v] = 1;
        anchors[v * 5 + 3] = uv.coords[c * 2]!;
        anchors[v * 5 + 4] = uv.coords[c * 2 + 1]!;
      }
    }
    const r = await stage.session.run({
      canonical: { dtype: 'float32', shape: [1, canonical.count, canonical.dim], data: Float32Array.from(canonical.data) },
      anchors: { dtype: 'float32', shape: [V, 5], data: anchors },
    }, ctx.signal);
    const f = r.vertex_features;
    if (!f || f.dtype !== 'float32' || f.shape.length !== 2 || f.shape[0] !== V) throw new Error(`${stage.source}: output vertex_features is [${f?.shape.join(', ')}], expected [${V}, C]`);
    const C = f.shape[1]!;
    return {
      field: { headModel: head.name, uvSize: 1, tiles: 1, channels: C, uvFeatures: new Float32Array(C), uvConfidence: new Float32Array(1), vertexFeatures: f.data, images: 1 },
    };
  },
});
