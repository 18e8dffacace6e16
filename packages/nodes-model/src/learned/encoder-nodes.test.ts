import { describe, expect, it } from 'vitest';
import type { HeadModel, Image, Tracking } from '@ffavatar/core';
import { alternatingAttentionNode } from './alternating-attention-node.js';
import { encoderNode } from './encoder-node.js';
import { vertexAlignmentNode } from './vertex-alignment-node.js';

const ctx = {
  nodeId: 'n',
  item: undefined,
  signal: new AbortController().signal,
  progress: () => {},
  files: {
    read: async () => {
      throw new Error('no files');
    },
    list: async () => [],
    resolve: (p: string) => p,
    write: async () => '',
  },
};
const image = (w: number, h: number, seed: number): Image => ({
  width: w,
  height: h,
  format: 'rgba8',
  data: Uint8Array.from({ length: w * h * 4 }, (_, i) => (i * seed) % 251),
});
const frame = (k: number) => ({
  camera: {
    width: 64,
    height: 48,
    fx: 50,
    fy: 50,
    cx: 32,
    cy: 24,
    rotation: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    translation: [0, 0, 0.5 + k],
  },
  params: {
    model: 'toy',
    identity: new Float32Array(2),
    expression: new Float32Array(53).fill(k / 10),
    rotation: new Float32Array(3),
    translation: new Float32Array(3),
  },
});
const head = {
  name: 'toy',
  vertexCount: 4,
  triangleCount: 2,
  triangles: Uint32Array.of(0, 1, 2, 0, 2, 3),
  template: Float32Array.of(0, 0, 0, 0.1, 0, 0, 0.1, 0.1, 0, 0, 0.1, 0),
  uv: {
    count: 4,
    coords: Float32Array.of(0, 0, 1, 0, 1, 1, 0, 1),
    triangles: Uint32Array.of(0, 1, 2, 0, 2, 3),
  },
} as unknown as HeadModel;

async function run<N extends { run: (a: any) => any; params: { parse: (p: unknown) => unknown } }>(
  node: N,
  inputs: unknown,
) {
  return await node.run({ inputs, params: node.params.parse({}), ctx });
}

describe('learned image stages (reference weights)', () => {
  it('encoder -> alternating attention -> vertex alignment, for 1 and 4 images', async () => {
    for (const n of [1, 4]) {
      const tokens: Awaited<ReturnType<typeof encoderNode.run>>['tokens'][] = [];
      for (let i = 0; i < n; i++)
        tokens.push((await run(encoderNode, { image: image(64, 48, i + 3) })).tokens);
      expect(tokens[0]).toMatchObject({ batch: 1, count: 16, dim: 32 });
      const tracking = { frames: Array.from({ length: n }, (_, k) => frame(k)) } as unknown as Tracking;
      const { canonical } = await run(alternatingAttentionNode, { tokens, tracking });
      expect(canonical).toMatchObject({ batch: 1, count: 16, dim: 32 });
      expect((canonical.data as Float32Array).every(Number.isFinite)).toBe(true);
      const { field } = await run(vertexAlignmentNode, { canonical, model: head });
      expect(field).toMatchObject({ headModel: 'toy', channels: 16 });
      expect(field.vertexFeatures.length).toBe(4 * 16);
      expect((field.vertexFeatures as Float32Array).every(Number.isFinite)).toBe(true);
    }
  });

  it('refuses a tracking with another image count than the tokens', async () => {
    const { tokens } = await run(encoderNode, { image: image(32, 32, 1) });
    const tracking = { frames: [frame(0), frame(1)] } as unknown as Tracking;
    await expect(run(alternatingAttentionNode, { tokens: [tokens], tracking })).rejects.toThrow(
      /2 tracked frames for 1 token sets/,
    );
  });
});
