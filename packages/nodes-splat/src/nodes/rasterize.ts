import { z } from 'zod';
import { Camera, defineNode, GaussianCloud, Image, input, Json, output, Tensor } from '@ffavatar/core';
import { rasterizeCpu } from '../raster/rasterize-cpu.js';

const rgb = z.tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)]);

export const rasterize = defineNode({
  type: 'splat.rasterize', version: 1, title: 'Rasterize', category: 'Splat',
  description: 'The 3DGS forward pass: EWA projection with 0.3 px dilation, 16x16 tiles, depth sort, front-to-back blending, SH colour.',
  inputs: { gaussians: input(GaussianCloud), camera: input(Camera) },
  params: z.object({
    backend: z.enum(['auto', 'cpu']).default('auto').describe('auto picks the fastest available backend; the WebGPU kernel is not built yet, so auto runs the CPU path'),
    background: rgb.default([0, 0, 0]),
  }),
  outputs: {
    image: output(Image, { description: 'rgba32f, colour over the background, alpha = coverage' }),
    depth: output(Tensor, { description: '[H, W] f32 expected camera depth, +Infinity where empty' }),
    stats: output(Json, { description: 'backend used, Gaussians visible, time' }),
  },
  run({ inputs, params }) {
    const cam = inputs.camera;
    const t0 = performance.now();
    const { rgba, depth } = rasterizeCpu(inputs.gaussians, cam, { background: params.background });
    return {
      image: { width: cam.width, height: cam.height, format: 'rgba32f' as const, data: rgba },
      depth: { dtype: 'f32' as const, shape: [cam.height, cam.width], data: depth },
      stats: { backend: 'cpu', gaussians: inputs.gaussians.count, ms: performance.now() - t0 },
    };
  },
});
