import { describe, expect, it } from 'vitest';
import { runReference } from './reference-model.js';
import { encodeSafetensors, safetensorsWeights } from './safetensors.js';
import { SMALL_SIZE } from './stage-size.js';
import { seededWeights, type WeightSource } from './weights.js';

function recording(
  source: WeightSource,
  into: Map<string, { shape: readonly number[]; data: Float32Array }>,
): WeightSource {
  return {
    get(name, shape, init) {
      const data = source.get(name, shape, init);
      into.set(name, { shape, data });
      return data;
    },
  };
}

describe('safetensors weights', () => {
  it('give the same motion refiner as the seeded weights they were saved from', () => {
    const seeded = seededWeights(11);
    const tensors = new Map<string, { shape: readonly number[]; data: Float32Array }>();
    const inputs = {
      expression: { shape: [1, 53], data: new Float32Array(53).fill(0.4) },
      anchor_features: { shape: [2, 8], data: new Float32Array(16).fill(0.2) },
    };
    const want = runReference('motionRefiner', SMALL_SIZE, recording(seeded, tensors), inputs);
    const file = encodeSafetensors(tensors);
    const got = runReference('motionRefiner', SMALL_SIZE, safetensorsWeights(file), inputs);
    expect([...got.offsets!.data]).toEqual([...want.offsets!.data]);
  });

  it('name a missing tensor or a wrong shape', () => {
    const file = encodeSafetensors(new Map([['mr.fc.weight', { shape: [2, 2], data: new Float32Array(4) }]]));
    const w = safetensorsWeights(file);
    expect(() => w.get('mr.out.bias', [3], { kind: 'const', value: 0 })).toThrow(/no tensor "mr.out.bias"/);
    expect(() => w.get('mr.fc.weight', [32, 32], { kind: 'const', value: 0 })).toThrow(
      /"mr.fc.weight" has shape \[2, 2\], the architecture expects \[32, 32\]/,
    );
  });
});
