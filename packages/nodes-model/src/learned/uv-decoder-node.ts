import { z } from 'zod';
import {
  AbortError,
  Avatar,
  CanonicalField,
  defineNode,
  HeadModel,
  input,
  output,
  PortError,
  fileParam,
} from '@ffavatar/core';
import { DEFAULT_MAX_MODEL_BYTES } from '../onnx/limits.js';
import { SMALL_SIZE } from './stage-size.js';
import { openStageModel } from './stage-session.js';
import { colourToShDc } from '@ffavatar/core/geometry';

const CHUNK = 32768;

export const uvDecoderNode = defineNode({
  type: 'learned.uvDecoder',
  version: 1,
  title: 'UV decoder (learned)',
  category: 'Learned',
  description:
    "Gaussian attributes from an ONNX model (UV decoder contract, packages/nodes-model/CONTRACTS.md), on the binding of a template avatar (e.g. flame.densify's: one Gaussian per texel). Each Gaussian's features are the field's vertex features interpolated at its barycentrics, fed as a 1 x N map, so the model must decode texels independently (the reference does: an MLP per texel). Offset along the normal adds to the normal offset; scale, rotation, opacity and colour replace the template's. Without a model path it runs seeded reference weights: untrained, the result is not a face.",
  inputs: {
    avatar: input(Avatar, { description: 'template: triangle binding and normal offsets are kept' }),
    field: input(CanonicalField, { description: 'vertexFeatures [V, C] are decoded' }),
    model: input(HeadModel, { description: "the avatar's head model (its triangles)" }),
  },
  params: z.object({
    model: fileParam(z.string(), ['.onnx'])
      .default('')
      .describe('ONNX file (UV decoder contract); empty: seeded reference weights, untrained'),
    weights: fileParam(z.string(), ['.safetensors'])
      .default('')
      .describe(
        'safetensors file of reference-architecture weights (used when model is empty); empty: seeded',
      ),
    seed: z.number().int().min(0).default(0),
    maxModelBytes: z.number().int().positive().default(DEFAULT_MAX_MODEL_BYTES),
  }),
  outputs: { avatar: output(Avatar) },
  async run({ inputs, params, ctx }) {
    const { avatar, field } = inputs;
    const head = inputs.model;
    if (avatar.headModel !== head.name)
      throw new PortError(
        'model',
        `the avatar is bound to ${avatar.headModel}, the head model is ${head.name}`,
      );
    const C = field.channels,
      V = head.vertexCount;
    if (field.vertexFeatures.length !== V * C)
      throw new PortError(
        'field',
        `vertexFeatures has ${field.vertexFeatures.length} values, expected [${V}, ${C}] for ${head.name}`,
      );
    const stage = await openStageModel('uvDecoder', {
      files: ctx.files,
      path: params.model,
      weights: params.weights,
      seed: params.seed,
      maxBytes: params.maxModelBytes,
      signal: ctx.signal,
      size: { ...SMALL_SIZE, channels: C },
    });
    const wantC = stage.axes.get('C');
    if (wantC !== undefined && wantC !== C)
      throw new PortError('field', `${stage.source} takes ${wantC} channels, the field has ${C}`);
    const N = avatar.count;
    const out = {
      logScales: new Float32Array(N * 3),
      rotations: new Float32Array(N * 4),
      logitOpacities: new Float32Array(N),
      sh: new Float32Array(N * 3),
      normalOffset: avatar.normalOffset.slice(),
      inPlane0: new Float32Array(N),
      inPlane1: new Float32Array(N),
    };
    for (let start = 0; start < N; start += CHUNK) {
      if (ctx.signal.aborted) throw new AbortError();
      const n = Math.min(CHUNK, N - start);
      const feats = new Float32Array(n * C);
      for (let i = 0; i < n; i++) {
        const g = start + i,
          t = avatar.triangle[g]!;
        for (let k = 0; k < 3; k++) {
          const v = head.triangles[t * 3 + k]!,
            w = avatar.barycentric[g * 3 + k]!;
          for (let c = 0; c < C; c++) feats[i * C + c]! += w * field.vertexFeatures[v * C + c]!;
        }
      }
      const r = await stage.session.run(
        { uv_features: { dtype: 'float32', shape: [1, 1, n, C], data: feats } },
        ctx.signal,
      );
      const get = (name: string, width: number) => {
        const t = r[name];
        if (!t || t.dtype !== 'float32' || t.data.length !== n * width)
          throw new Error(
            `${stage.source}: output ${name} is [${t?.shape.join(', ')}], expected [1, 1, ${n}, ${width}]`,
          );
        for (const x of t.data)
          if (!Number.isFinite(x)) throw new Error(`${stage.source}: output ${name} is not finite`);
        return t.data;
      };
      const offset = get('offset', 3),
        scale = get('scale', 3),
        rotation = get('rotation', 4),
        opacity = get('opacity', 1),
        colour = get('colour', 3);
      for (let i = 0; i < n; i++) {
        const g = start + i;
        out.logScales.set(scale.subarray(i * 3, i * 3 + 3), g * 3);
        const q = rotation.subarray(i * 4, i * 4 + 4);
        const len = Math.hypot(q[0]!, q[1]!, q[2]!, q[3]!);
        // A zero quaternion has no direction: fall back to the triangle frame itself.
        if (len > 1e-8) for (let k = 0; k < 4; k++) out.rotations[g * 4 + k] = q[k]! / len;
        else out.rotations[g * 4] = 1;
        out.logitOpacities[g] = opacity[i]!;
        for (let c = 0; c < 3; c++) out.sh[g * 3 + c] = colourToShDc(colour[i * 3 + c]!);
        out.normalOffset[g] = avatar.normalOffset[g]! + offset[i * 3 + 2]!;
        out.inPlane0[g] = offset[i * 3]!;
        out.inPlane1[g] = offset[i * 3 + 1]!;
      }
      ctx.progress((start + n) / N, `UV decoder ${start + n}/${N}`);
    }
    const decoded: Avatar = {
      headModel: avatar.headModel,
      identity: avatar.identity.slice(),
      count: N,
      shDegree: 0,
      logScales: out.logScales,
      rotations: out.rotations,
      logitOpacities: out.logitOpacities,
      sh: out.sh,
      triangle: avatar.triangle.slice(),
      barycentric: avatar.barycentric.slice(),
      normalOffset: out.normalOffset,
      // Driving reads the normal offset only; the in-plane part is kept for a consumer that can use it.
      extras: { decoded_offset_0: out.inPlane0, decoded_offset_1: out.inPlane1 },
    };
    return { avatar: decoded };
  },
});
