import { OnnxGraphWriter } from '../onnx/graph-writer.js';
import type { Dim } from '../onnx/signature.js';
import { ARCHITECTURES } from './architectures.js';
import { STAGE_CONTRACTS, type StageName } from './contracts.js';
import { EagerOps, type Arr } from './eager-ops.js';
import { OnnxOps } from './onnx-ops.js';
import { namedAxes, type StageSize } from './stage-size.js';
import type { WeightSource } from './weights.js';

/** The contract's shape with the model's fixed axes filled in; dynamic axes stay named. */
export function modelShape(stage: StageName, shape: readonly Dim[], size: StageSize): Dim[] {
  const axes = namedAxes(size);
  const dynamic = STAGE_CONTRACTS[stage].dynamic;
  return shape.map((d) => (typeof d === 'string' && !dynamic.includes(d) ? (axes[d] ?? d) : d));
}

/** Writes the reference architecture of a stage as ONNX bytes, named and shaped by its contract. */
export function buildReferenceModel(stage: StageName, size: StageSize, weights: WeightSource): Uint8Array {
  const contract = STAGE_CONTRACTS[stage];
  const g = new OnnxGraphWriter(`ffavatar-${stage}-reference`);
  const inputs: Record<string, string> = {};
  for (const v of contract.inputs) inputs[v.name] = g.input(v.name, modelShape(stage, v.shape, size));
  const outputs = ARCHITECTURES[stage](new OnnxOps(g, weights), size, inputs);
  for (const v of contract.outputs) {
    const value = outputs[v.name];
    if (value === undefined) throw new Error(`${stage} architecture has no output ${v.name}`);
    g.output(value, v.name, modelShape(stage, v.shape, size));
  }
  return g.toBytes();
}

/** The same stage computed in TypeScript: the oracle the ONNX run is held to. */
export function runReference(
  stage: StageName,
  size: StageSize,
  weights: WeightSource,
  inputs: Record<string, Arr>,
): Record<string, Arr> {
  return ARCHITECTURES[stage](new EagerOps(weights), size, inputs);
}
