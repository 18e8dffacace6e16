import { describe, expect, it } from 'vitest';
import type { Tensor } from '@ffavatar/core';
import { buildReferenceModel, runReference } from '../learned/reference-model.js';
import { SMALL_SIZE } from '../learned/stage-size.js';
import { seededWeights } from '../learned/weights.js';
import { onnxModelNode } from './model-node.js';

const bytes = buildReferenceModel('motionRefiner', SMALL_SIZE, seededWeights(5));
const ctx = {
  nodeId: 'm',
  item: undefined,
  signal: new AbortController().signal,
  progress: () => {},
  files: { read: async () => bytes, list: async () => [], resolve: (p: string) => p, write: async () => '' },
};
const run = (inputs: Record<string, Tensor | undefined>) =>
  onnxModelNode.run({
    inputs: inputs as never,
    params: onnxModelNode.params.parse({ model: 'refiner.onnx' }),
    ctx,
  });

const expression: Tensor = { dtype: 'f32', shape: [1, 53], data: new Float32Array(53).fill(0.3) };
const features: Tensor = {
  dtype: 'f32',
  shape: [3, 8],
  data: Float32Array.from({ length: 24 }, (_, i) => i / 24),
};

describe('model.onnx', () => {
  it('refuses a file over maxModelBytes before parsing it, naming the file and the limit', async () => {
    const junk = { ...ctx, files: { ...ctx.files, read: async () => new Uint8Array(3 * 2 ** 20).fill(1) } };
    await expect(
      onnxModelNode.run({
        inputs: {} as never,
        params: onnxModelNode.params.parse({ model: 'nets/big.onnx', maxModelBytes: 2 ** 21 }),
        ctx: junk,
      }),
    ).rejects.toThrow(/^model nets\/big\.onnx is 3 MiB, over the 2 MiB limit \(maxModelBytes\)/);
  });

  it('names the model file in every refusal', async () => {
    const junk = { ...ctx, files: { ...ctx.files, read: async () => new Uint8Array(300).fill(0x5a) } };
    await expect(
      onnxModelNode.run({
        inputs: {} as never,
        params: onnxModelNode.params.parse({ model: 'nets/junk.onnx' }),
        ctx: junk,
      }),
    ).rejects.toThrow(/^model nets\/junk\.onnx: not an ONNX model/);
    await expect(run({ in0: expression })).rejects.toThrow(/^refiner\.onnx input "anchor_features"/);
    await expect(run({ in0: expression, in1: features, in2: features })).rejects.toThrow(
      /^refiner\.onnx has 2 inputs; nothing reads in2/,
    );
  });

  it("feeds in0.. in the model's input order and returns its outputs by position", async () => {
    const out = await run({ in0: expression, in1: features });
    expect(out.out0.shape).toEqual([3, 3]);
    expect(out.out1.shape).toEqual([0]);
    expect(out.signature).toMatchObject({
      inputs: [
        { name: 'expression', dtype: 'float32', shape: [1, 53] },
        { name: 'anchor_features', shape: ['A', 8] },
      ],
    });
    const want = runReference('motionRefiner', SMALL_SIZE, seededWeights(5), {
      expression: { shape: [1, 53], data: expression.data as Float32Array },
      anchor_features: { shape: [3, 8], data: features.data as Float32Array },
    });
    (out.out0.data as Float32Array).forEach((v, i) =>
      expect(Math.abs(v - want.offsets!.data[i]!)).toBeLessThan(1e-4),
    );
  });

  it('refuses a missing input, a wrong rank or dtype, naming the model input', async () => {
    await expect(run({ in0: expression })).rejects.toThrow(
      /input "anchor_features" \(float32 \[A, 8\]\) needs a tensor on in1/,
    );
    await expect(run({ in0: expression, in1: { ...features, shape: [24] } })).rejects.toThrow(
      /input "anchor_features" expects rank 2/,
    );
    await expect(
      run({ in0: expression, in1: { dtype: 'i32', shape: [3, 8], data: new Int32Array(24) } }),
    ).rejects.toThrow(/input "anchor_features" expects float32 \[A, 8\], got a i32 tensor/);
    await expect(
      run({ in0: { ...expression, shape: [1, 52], data: new Float32Array(52) }, in1: features }),
    ).rejects.toThrow(/input "expression" axis 1 must be 53/);
  });
});
