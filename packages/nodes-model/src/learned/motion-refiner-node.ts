import { z } from 'zod';
import {
  AbortError,
  Avatar,
  defineNode,
  HeadParams,
  input,
  output,
  PortError,
  Tensor,
  fileParam,
} from '@ffavatar/core';
import { DEFAULT_MAX_MODEL_BYTES } from '../onnx/limits.js';
import { anchorFeatures, ANCHOR_FEATURES } from './anchor-features.js';
import { SMALL_SIZE } from './stage-size.js';
import { openStageModel } from './stage-session.js';

/** Gaussians per run: bounds the wasm heap and lets cancellation land between runs. */
const CHUNK = 32768;

export const motionRefinerNode = defineNode({
  type: 'learned.motionRefiner',
  version: 1,
  title: 'Motion refiner (learned)',
  category: 'Learned',
  description:
    "Residual motion beyond the head model's deformation, from an ONNX model (motion refiner contract, packages/nodes-model/CONTRACTS.md): expression + per-Gaussian features to offsets in the triangle frame. The normal component moves each Gaussian's normal offset; all three components are kept as extras residual_0..2. Without a model path it runs the seeded reference architecture: untrained, it only nudges the Gaussians.",
  inputs: {
    avatar: input(Avatar),
    params: input(HeadParams, { description: 'the expression to refine for' }),
  },
  params: z.object({
    model: fileParam(z.string(), ['.onnx'])
      .default('')
      .describe('ONNX file (motion refiner contract); empty: seeded reference weights, untrained'),
    weights: fileParam(z.string(), ['.safetensors'])
      .default('')
      .describe(
        'safetensors file of reference-architecture weights (used when model is empty); empty: seeded',
      ),
    seed: z.number().int().min(0).default(0).describe('seed of the reference weights'),
    strength: z.number().min(0).max(10).default(1).describe('multiplies the offsets'),
    maxModelBytes: z.number().int().positive().default(DEFAULT_MAX_MODEL_BYTES),
  }),
  outputs: {
    avatar: output(Avatar, { description: 'the avatar with the residual applied' }),
    offsets: output(Tensor, {
      description: '[N, 3] f32 offsets in the triangle frame (edge, normal x edge, normal), triangle scales',
    }),
  },
  async run({ inputs, params, ctx }) {
    const { avatar } = inputs;
    const E = inputs.params.expression.length;
    const model = await openStageModel('motionRefiner', {
      files: ctx.files,
      path: params.model,
      weights: params.weights,
      seed: params.seed,
      maxBytes: params.maxModelBytes,
      signal: ctx.signal,
      size: { ...SMALL_SIZE, expression: E },
    });
    const wantE = model.axes.get('E'),
      wantF = model.axes.get('F');
    if (wantE !== undefined && wantE !== E)
      throw new PortError(
        'params',
        `${model.source} takes ${wantE} expression weights, the head params have ${E}`,
      );
    if (wantF !== undefined && wantF !== ANCHOR_FEATURES)
      throw new PortError(
        'avatar',
        `${model.source} takes ${wantF} features per anchor; this node feeds ${ANCHOR_FEATURES} (see CONTRACTS.md)`,
      );
    const features = anchorFeatures(avatar);
    const offsets = new Float32Array(avatar.count * 3);
    const expression = {
      dtype: 'float32' as const,
      shape: [1, E],
      data: Float32Array.from(inputs.params.expression),
    };
    for (let start = 0; start < avatar.count; start += CHUNK) {
      if (ctx.signal.aborted) throw new AbortError();
      const n = Math.min(CHUNK, avatar.count - start);
      const out = await model.session.run(
        {
          expression,
          anchor_features: {
            dtype: 'float32',
            shape: [n, ANCHOR_FEATURES],
            data: features.subarray(start * ANCHOR_FEATURES, (start + n) * ANCHOR_FEATURES),
          },
        },
        ctx.signal,
      );
      const o = out.offsets;
      if (!o || o.dtype !== 'float32' || o.shape.join() !== `${n},3`)
        throw new Error(`${model.source}: output offsets is [${o?.shape.join(', ')}], expected [${n}, 3]`);
      for (let i = 0; i < n * 3; i++) offsets[start * 3 + i] = o.data[i]! * params.strength;
      ctx.progress((start + n) / avatar.count, `motion refiner ${start + n}/${avatar.count}`);
    }
    const normalOffset = avatar.normalOffset.slice();
    const residual = [
      new Float32Array(avatar.count),
      new Float32Array(avatar.count),
      new Float32Array(avatar.count),
    ];
    for (let i = 0; i < avatar.count; i++) {
      for (let c = 0; c < 3; c++) {
        const v = offsets[i * 3 + c]!;
        if (!Number.isFinite(v)) throw new Error(`${model.source}: offset ${i} is not finite`);
        residual[c]![i] = v;
      }
      // Driving places a Gaussian at origin + normalOffset * k * normal (k the triangle scale), so
      // the normal component is exact here; the in-plane part needs the triangle and stays an extra.
      normalOffset[i] = avatar.normalOffset[i]! + offsets[i * 3 + 2]!;
    }
    const refined: Avatar = {
      ...avatar,
      identity: avatar.identity.slice(),
      logScales: avatar.logScales.slice(),
      rotations: avatar.rotations.slice(),
      logitOpacities: avatar.logitOpacities.slice(),
      sh: avatar.sh.slice(),
      triangle: avatar.triangle.slice(),
      barycentric: avatar.barycentric.slice(),
      normalOffset,
      extras: {
        ...Object.fromEntries(Object.entries(avatar.extras ?? {}).map(([k, v]) => [k, v.slice()])),
        residual_0: residual[0]!,
        residual_1: residual[1]!,
        residual_2: residual[2]!,
      },
    };
    return { avatar: refined, offsets: { dtype: 'f32' as const, shape: [avatar.count, 3], data: offsets } };
  },
});
