import { z } from 'zod';
import { Camera, defineNode, GaussianCloud, Image, input, Json, output, Tensor } from '@ffavatar/core';
import { rasterizeCpu } from '../raster/rasterize-cpu.js';
import { chooseBackend, type GpuLoader } from '../raster/webgpu/backend.js';
import { rasterizeWebGpu } from '../raster/webgpu/rasterize-webgpu.js';

const rgb = z.tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)]);

/** `splat.rasterize` over the GPU of the host (`loadGpu`); both entries bind it in src/node-list.ts (Node: src/node/node-gpu.ts's loader). */
export function createRasterizeNode(loadGpu: GpuLoader) {
  return defineNode({
    type: 'splat.rasterize',
    version: 2,
    title: 'Rasterize',
    category: 'Splat',
    description:
      'The 3DGS forward pass: EWA projection with 0.3 px dilation, 16x16 tiles, depth sort, front-to-back blending, SH colour. CPU or WebGPU.',
    inputs: { gaussians: input(GaussianCloud), camera: input(Camera) },
    params: z.object({
      backend: z
        .enum(['auto', 'webgpu', 'cpu'])
        .default('auto')
        .describe(
          'auto: WebGPU on a hardware adapter, the CPU on a software one (SwiftShader) or without an adapter; webgpu fails without an adapter',
        ),
      background: rgb.default([0, 0, 0]),
    }),
    outputs: {
      image: output(Image, {
        description:
          'rgba32f, colour over the background, alpha = coverage; marked alphaMode premultiplied (with its background), so a PNG save stores straight alpha',
      }),
      depth: output(Tensor, { description: '[H, W] f32 expected camera depth, +Infinity where empty' }),
      stats: output(Json, { description: 'backend used and why, adapter, Gaussians visible, pairs, time' }),
    },
    async run({ inputs, params }) {
      const cam = inputs.camera;
      const t0 = performance.now();
      const choice = await chooseBackend(params.backend, loadGpu);
      const tRender = performance.now();
      let rgba: Float32Array, depth: Float32Array;
      let extra: Record<string, number> = {};
      if (choice.backend === 'webgpu') {
        const out = await rasterizeWebGpu(choice.ctx!, inputs.gaussians, cam, {
          background: params.background,
        });
        ({ rgba, depth } = out);
        extra = { visible: out.stats.visible, pairs: out.stats.pairs };
      } else {
        ({ rgba, depth } = rasterizeCpu(inputs.gaussians, cam, { background: params.background }));
      }
      const t1 = performance.now();
      return {
        // The blend leaves colour premultiplied by coverage (over the background); the mark lets
        // the PNG edge un-premultiply instead of every viewer darkening the edges.
        image: {
          width: cam.width,
          height: cam.height,
          format: 'rgba32f' as const,
          data: rgba,
          alphaMode: 'premultiplied' as const,
          background: params.background,
        },
        depth: { dtype: 'f32' as const, shape: [cam.height, cam.width], data: depth },
        stats: {
          backend: choice.backend,
          reason: choice.reason,
          ...(choice.adapter ? { adapter: choice.adapter } : {}),
          gaussians: inputs.gaussians.count,
          ...extra,
          ms: t1 - t0,
          renderMs: t1 - tRender,
        },
      };
    },
  });
}
