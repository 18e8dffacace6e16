import { describe, expect, it } from 'vitest';
import type { Avatar, CanonicalField, HeadModel } from '@ffavatar/core';
import { uvDecoderNode } from './uv-decoder-node.js';

// Only the fields the node reads: a two-triangle head with 4 vertices.
const head = {
  name: 'toy',
  vertexCount: 4,
  triangleCount: 2,
  triangles: Uint32Array.of(0, 1, 2, 0, 2, 3),
} as unknown as HeadModel;
const N = 50;
const avatar: Avatar = {
  headModel: 'toy',
  identity: new Float32Array(0),
  count: N,
  shDegree: 0,
  logScales: new Float32Array(N * 3),
  rotations: new Float32Array(N * 4),
  logitOpacities: new Float32Array(N),
  sh: new Float32Array(N * 3),
  triangle: Uint32Array.from({ length: N }, (_, i) => i % 2),
  barycentric: Float32Array.from({ length: N * 3 }, (_, i) => ((i % 3) + 1) / 6),
  normalOffset: new Float32Array(N).fill(0.01),
};
const field = (C: number): CanonicalField => ({
  headModel: 'toy',
  uvSize: 1,
  tiles: 1,
  channels: C,
  uvFeatures: new Float32Array(C),
  uvConfidence: new Float32Array(1),
  vertexFeatures: Float32Array.from({ length: 4 * C }, (_, i) => Math.cos(i)),
  images: 1,
});
const ctx = {
  nodeId: 'uv',
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

describe('learned.uvDecoder', () => {
  it('decodes every Gaussian of the template into finite attributes in the Avatar conventions', async () => {
    const { avatar: out } = await uvDecoderNode.run({
      inputs: { avatar, field: field(3), model: head },
      params: uvDecoderNode.params.parse({}),
      ctx,
    });
    expect(out.count).toBe(N);
    for (const a of [out.logScales, out.rotations, out.logitOpacities, out.sh, out.normalOffset])
      expect(a.every(Number.isFinite)).toBe(true);
    for (let i = 0; i < N; i++) {
      const q = out.rotations.subarray(i * 4, i * 4 + 4);
      expect(Math.hypot(...q)).toBeCloseTo(1, 5);
      for (let c = 0; c < 3; c++) {
        const colour = 0.5 + 0.28209479177387814 * out.sh[i * 3 + c]!;
        expect(colour).toBeGreaterThanOrEqual(0);
        expect(colour).toBeLessThanOrEqual(1);
      }
    }
    expect(out.normalOffset[0]).not.toBe(0.01);
    expect(avatar.normalOffset[0]).toBeCloseTo(0.01, 7); // the template is untouched
  });

  it('refuses a field that does not match the head model', async () => {
    const bad = { ...field(3), vertexFeatures: new Float32Array(5) };
    await expect(
      uvDecoderNode.run({
        inputs: { avatar, field: bad, model: head },
        params: uvDecoderNode.params.parse({}),
        ctx,
      }),
    ).rejects.toThrow(/vertexFeatures has 5 values, expected \[4, 3\]/);
  });
});
