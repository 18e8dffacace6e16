import { z } from 'zod';
import { Avatar, defineNode, GaussianCloud, input, Json, Mesh, output } from '@ffavatar/core';
import { driveAvatarCpu } from '../drive/drive-cpu.js';
import { driveAvatarWebGpu } from '../drive/webgpu/drive-webgpu.js';
import { chooseBackend, type GpuLoader } from '../raster/webgpu/backend.js';

/** `splat.drive` over the GPU of the host (`loadGpu`); both entries bind it in src/node-list.ts (Node: src/node/node-gpu.ts's loader). */
export function createDriveNode(loadGpu: GpuLoader) {
  return defineNode({
    type: 'splat.drive',
    version: 2,
    title: 'Drive avatar',
    category: 'Splat',
    description:
      "Poses an avatar's bound Gaussians on a deformed head mesh (triangle frames, as in GaussianAvatars). CPU or WebGPU.",
    inputs: {
      avatar: input(Avatar),
      mesh: input(Mesh, { description: 'the head model evaluated at the driving params' }),
    },
    params: z.object({
      backend: z
        .enum(['auto', 'webgpu', 'cpu'])
        .default('auto')
        .describe(
          'auto: WebGPU on a hardware adapter, the CPU on a software one (SwiftShader) or without an adapter; webgpu fails without an adapter',
        ),
    }),
    outputs: {
      gaussians: output(GaussianCloud),
      stats: output(Json, { description: 'backend used and why, adapter, time' }),
    },
    async run({ inputs, params }) {
      const t0 = performance.now();
      const choice = await chooseBackend(params.backend, loadGpu);
      const gaussians =
        choice.backend === 'webgpu'
          ? await driveAvatarWebGpu(choice.ctx!, inputs.avatar, inputs.mesh)
          : driveAvatarCpu(inputs.avatar, inputs.mesh);
      return {
        gaussians,
        stats: {
          backend: choice.backend,
          reason: choice.reason,
          ...(choice.adapter ? { adapter: choice.adapter } : {}),
          gaussians: inputs.avatar.count,
          ms: performance.now() - t0,
        },
      };
    },
  });
}
