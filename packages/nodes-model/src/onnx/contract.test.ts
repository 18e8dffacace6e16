import { describe, expect, it } from 'vitest';
import { STAGE_CONTRACTS } from '../learned/contracts.js';
import { buildReferenceModel } from '../learned/reference-model.js';
import { SMALL_SIZE } from '../learned/stage-size.js';
import { seededWeights } from '../learned/weights.js';
import { checkContract, ContractError } from './contract.js';
import { OnnxGraphWriter } from './graph-writer.js';
import { onnx } from './onnx-proto.js';
import type { Dim } from './signature.js';
import { readSignature } from './signature.js';

const contract = STAGE_CONTRACTS.motionRefiner;

/** A model that passes its inputs through (summed into the output), with the given input specs. */
function model(
  inputs: { name: string; shape: Dim[]; elem?: number }[],
  out: { name: string; shape: Dim[] } = { name: 'offsets', shape: ['A', 3] },
): Uint8Array {
  const g = new OnnxGraphWriter('probe');
  const names = inputs.map((i) => g.input(i.name, i.shape, i.elem ?? onnx.TensorProto.DataType.FLOAT));
  g.output(names[names.length - 1]!, out.name, out.shape);
  return g.toBytes();
}

const good = [
  { name: 'expression', shape: [1, 53] as Dim[] },
  { name: 'anchor_features', shape: ['A', 8] as Dim[] },
];

describe('stage contract checker', () => {
  it('accepts every reference model and reports the fixed sizes', () => {
    for (const [stage, c] of Object.entries(STAGE_CONTRACTS)) {
      const sig = readSignature(
        buildReferenceModel(stage as keyof typeof STAGE_CONTRACTS, SMALL_SIZE, seededWeights(1)),
      );
      expect(() => checkContract(c, sig), stage).not.toThrow();
    }
    const fixed = checkContract(contract, readSignature(model(good)));
    expect(Object.fromEntries(fixed)).toEqual({ E: 53, F: 8 });
  });

  it('refuses a wrong input name, naming it and what was expected', () => {
    const sig = readSignature(model([good[0]!, { name: 'features', shape: ['A', 8] }]));
    expect(() => checkContract(contract, sig)).toThrow(ContractError);
    expect(() => checkContract(contract, sig)).toThrow(
      /input "anchor_features" is missing: expected float32 \[A, F\]/,
    );
    expect(() => checkContract(contract, sig)).toThrow(
      /input "features" is not part of the motion refiner contract/,
    );
  });

  it('refuses a wrong dtype', () => {
    const sig = readSignature(model([{ ...good[0]!, elem: onnx.TensorProto.DataType.INT64 }, good[1]!]));
    expect(() => checkContract(contract, sig)).toThrow(
      /input "expression" has dtype int64, expected float32 \[1, E\]/,
    );
  });

  it('refuses a wrong rank', () => {
    const sig = readSignature(model([{ name: 'expression', shape: [53] }, good[1]!]));
    expect(() => checkContract(contract, sig)).toThrow(
      /input "expression" has rank 1 \[53\], expected rank 2 \[1, E\]/,
    );
  });

  it('refuses a model that fixes a dynamic axis, or a fixed axis to another size', () => {
    const fixedA = readSignature(model([good[0]!, { name: 'anchor_features', shape: [100, 8] }]));
    expect(() => checkContract(contract, fixedA)).toThrow(
      /axis 0 \(A\) must be dynamic, the model fixes it to 100/,
    );
    const wrongOut = readSignature(model(good, { name: 'offsets', shape: ['A', 4] }));
    expect(() => checkContract(contract, wrongOut)).toThrow(/output "offsets" axis 1 is 4, expected 3/);
  });

  it('refuses bytes that are not a model', () => {
    expect(() => readSignature(new Uint8Array([1, 2, 3, 4, 5]))).toThrow(/not an ONNX model/);
  });
});
