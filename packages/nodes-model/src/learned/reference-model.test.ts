import { describe, expect, it } from 'vitest';
import { checkContract } from '../onnx/contract.js';
import { openSession, type RuntimeTensor } from '../onnx/session.js';
import { STAGE_CONTRACTS, type StageName } from './contracts.js';
import type { Arr } from './eager-ops.js';
import { buildReferenceModel, modelShape, runReference } from './reference-model.js';
import { SMALL_SIZE } from './stage-size.js';
import { randomArr } from '../test-support/stage-inputs.js';
import { seededWeights } from './weights.js';

const stages = Object.keys(STAGE_CONTRACTS) as StageName[];

describe('reference stages: onnxruntime-web equals the TypeScript reference', () => {
  for (const stage of stages) {
    for (const count of [1, 4]) {
      it(`${stage}, ${count} on the dynamic axes`, async () => {
        const weights = seededWeights(7);
        const bytes = buildReferenceModel(stage, SMALL_SIZE, weights);
        const session = await openSession(bytes);
        checkContract(STAGE_CONTRACTS[stage], session.signature);
        const inputs: Record<string, Arr> = {};
        const feeds: Record<string, RuntimeTensor> = {};
        STAGE_CONTRACTS[stage].inputs.forEach((v, k) => {
          const shape = modelShape(stage, v.shape, SMALL_SIZE).map((d) =>
            typeof d === 'number' ? d : count,
          );
          const a = randomArr(shape, 100 * k + count);
          inputs[v.name] = a;
          feeds[v.name] = { dtype: 'float32', shape, data: a.data };
        });
        const want = runReference(stage, SMALL_SIZE, weights, inputs);
        const got = await session.run(feeds);
        for (const v of STAGE_CONTRACTS[stage].outputs) {
          const g = got[v.name]!,
            w = want[v.name]!;
          expect(g.shape).toEqual([...w.shape]);
          const expected = modelShape(stage, v.shape, SMALL_SIZE).map((d) =>
            typeof d === 'number' ? d : count,
          );
          expect(g.shape).toEqual(expected);
          let maxErr = 0;
          for (let i = 0; i < w.data.length; i++) {
            const x = g.data[i] as number;
            expect(Number.isFinite(x)).toBe(true);
            maxErr = Math.max(maxErr, Math.abs(x - w.data[i]!));
          }
          expect(maxErr, `${stage}.${v.name} max abs error`).toBeLessThan(1e-4);
        }
      });
    }
  }
});
