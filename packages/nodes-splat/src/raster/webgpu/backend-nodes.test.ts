// splat.rasterize and splat.drive with backend auto / webgpu / cpu: what runs, what the stats say,
// and that both backends give the same outputs through the node.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GpuUnavailableError } from '@ffavatar/core/gpu';
import { lookAtCamera } from '@ffavatar/core/geometry';
import { type NodeContext } from '@ffavatar/core';
import { randomCloud } from '../../test-support/random-cloud.js';
import { createDriveNode } from '../../nodes/drive.js';
import { createRasterizeNode } from '../../nodes/rasterize.js';
import { nodeGpuLoader } from '../../node/node-gpu.js';
import { useTestGpu } from '../../test-support/test-gpu.js';

const ctx: NodeContext = {
  nodeId: 'test',
  item: undefined,
  signal: new AbortController().signal,
  progress: () => undefined,
  files: {
    read: () => Promise.reject(new Error('no files')),
    list: () => Promise.resolve([]),
    resolve: (p) => p,
    write: () => Promise.reject(new Error('no files')),
  },
};
const cloud = randomCloud(500, 3, 2, { center: [0, 0, 0] });
const camera = lookAtCamera({ eye: [0, 0, 3], target: [0, 0, 0], width: 48, height: 40, fovYDegrees: 40 });
// The nodes as the Node entry builds them (src/node-list.ts): bound to Dawn.
const rasterize = createRasterizeNode(nodeGpuLoader);
const drive = createDriveNode(nodeGpuLoader);
const noAdapter = () => Promise.reject(new GpuUnavailableError('no WebGPU adapter is available.'));

let software = true;
const gpu = useTestGpu({ beforeAll, beforeEach });
beforeEach(() => {
  software = gpu().isSoftware;
});

describe('splat.rasterize backend', () => {
  it('webgpu and cpu render the same image, and the stats name the backend and why', async () => {
    const gpu = await rasterize.run({
      inputs: { gaussians: cloud, camera },
      params: { backend: 'webgpu', background: [0, 0, 0] },
      ctx,
    });
    const cpu = await rasterize.run({
      inputs: { gaussians: cloud, camera },
      params: { backend: 'cpu', background: [0, 0, 0] },
      ctx,
    });
    expect(gpu.stats).toMatchObject({ backend: 'webgpu', gaussians: 500, visible: 500 });
    expect((gpu.stats as { reason: string }).reason).toMatch(/webgpu backend was requested/);
    expect((gpu.stats as { adapter: string }).adapter).toBeTruthy();
    expect(cpu.stats).toMatchObject({ backend: 'cpu', reason: 'the CPU backend was requested' });
    const a = gpu.image.data as Float32Array,
      b = cpu.image.data as Float32Array;
    let mad = 0;
    for (let i = 0; i < a.length; i++) mad += Math.abs(a[i]! - b[i]!);
    expect(mad / a.length).toBeLessThan(1e-5);
  });

  it('auto picks the CPU on a software adapter and WebGPU on hardware', async () => {
    const out = await rasterize.run({
      inputs: { gaussians: cloud, camera },
      params: { backend: 'auto', background: [0, 0, 0] },
      ctx,
    });
    if (software)
      expect((out.stats as { reason: string }).reason).toMatch(
        /^auto: CPU, because .* is a software adapter/,
      );
    expect((out.stats as { backend: string }).backend).toBe(software ? 'cpu' : 'webgpu');
  });

  it('without an adapter: auto falls back to the CPU saying why, webgpu fails', async () => {
    const node = createRasterizeNode(noAdapter);
    const out = await node.run({
      inputs: { gaussians: cloud, camera },
      params: { backend: 'auto', background: [0, 0, 0] },
      ctx,
    });
    expect(out.stats).toMatchObject({
      backend: 'cpu',
      reason: 'auto: CPU, because no WebGPU adapter is available.',
    });
    await expect(
      node.run({
        inputs: { gaussians: cloud, camera },
        params: { backend: 'webgpu', background: [0, 0, 0] },
        ctx,
      }),
    ).rejects.toThrow(/backend 'webgpu' was requested but no WebGPU adapter/);
  });
});

describe('splat.drive backend', () => {
  const mesh = {
    vertexCount: 3,
    triangleCount: 1,
    vertices: new Float32Array([0, 0, 0, 0.1, 0, 0, 0, 0.1, 0.02]),
    triangles: new Uint32Array([0, 1, 2]),
  };
  const n = 64;
  const avatar = {
    headModel: 'test',
    identity: new Float32Array(0),
    count: n,
    shDegree: 0,
    triangle: new Uint32Array(n),
    barycentric: Float32Array.from({ length: n * 3 }, (_, i) => [0.2, 0.3, 0.5][i % 3]!),
    normalOffset: Float32Array.from({ length: n }, (_, i) => i / n - 0.5),
    logScales: new Float32Array(n * 3).fill(-2),
    rotations: Float32Array.from({ length: n * 4 }, (_, i) => (i % 4 === 0 ? 1 : 0.1)),
    logitOpacities: new Float32Array(n),
    sh: new Float32Array(n * 3),
  };

  it('webgpu and cpu pose the same Gaussians; the stats say which ran', async () => {
    const gpu = await drive.run({ inputs: { avatar, mesh }, params: { backend: 'webgpu' }, ctx });
    const cpu = await drive.run({ inputs: { avatar, mesh }, params: { backend: 'cpu' }, ctx });
    expect(gpu.stats).toMatchObject({ backend: 'webgpu', gaussians: n });
    expect(cpu.stats).toMatchObject({ backend: 'cpu' });
    for (let i = 0; i < n * 3; i++) expect(gpu.gaussians.means[i]).toBeCloseTo(cpu.gaussians.means[i]!, 6);
  });

  it('without an adapter auto runs the CPU path', async () => {
    const out = await createDriveNode(noAdapter).run({
      inputs: { avatar, mesh },
      params: { backend: 'auto' },
      ctx,
    });
    expect(out.stats).toMatchObject({
      backend: 'cpu',
      reason: 'auto: CPU, because no WebGPU adapter is available.',
    });
  });
});
