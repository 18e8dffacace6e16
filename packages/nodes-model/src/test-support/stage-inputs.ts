import { STAGE_CONTRACTS, type StageName } from '../learned/contracts.js';
import type { Arr } from '../learned/eager-ops.js';
import { modelShape } from '../learned/reference-model.js';
import type { StageSize } from '../learned/stage-size.js';

// Inputs for the reference stages, shared by the tests, the bench and the browser pages so every
// backend sees the same numbers. Pure TypeScript: bundles for the browser.

/** Uniform in [-1, 1), a fixed LCG stream per seed. */
export function randomArr(shape: readonly number[], seed: number): Arr {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = (s / 2 ** 32) * 2 - 1;
  }
  return { shape: [...shape], data };
}

/** The stage's inputs with every dynamic axis set to `count` (images, vertices, UV side, anchors). */
export function stageInputs(
  stage: StageName,
  size: StageSize,
  count: number,
  seed: number,
): Record<string, Arr> {
  const inputs: Record<string, Arr> = {};
  STAGE_CONTRACTS[stage].inputs.forEach((v, k) => {
    const shape = modelShape(stage, v.shape, size).map((d) => (typeof d === 'number' ? d : count));
    inputs[v.name] = randomArr(shape, 100 * k + count + 7919 * seed);
  });
  return inputs;
}

/** The output shapes the contract promises for `count` on the dynamic axes. */
export function stageOutputShape(stage: StageName, size: StageSize, output: string, count: number): number[] {
  const v = STAGE_CONTRACTS[stage].outputs.find((o) => o.name === output);
  if (!v) throw new Error(`${stage} has no output ${output}`);
  return modelShape(stage, v.shape, size).map((d) => (typeof d === 'number' ? d : count));
}

/**
 * Counts per stage in the bench: 1 and 4 images for the image stages; realistic anchor counts for
 * the others (ICT-FaceKit light's face uses about 11k of its 14062 vertices; a 64 x 64 and a
 * 256 x 256 UV map; the refiner node runs 32768 Gaussians per call).
 */
export const BENCH_CASES: readonly (readonly [StageName, readonly number[]])[] = [
  ['encoder', [1, 4]],
  ['alternatingAttention', [1, 4]],
  ['vertexAlignment', [1024, 11248]],
  ['uvDecoder', [64, 256]],
  ['motionRefiner', [1024, 32768]],
];

/** The largest absolute difference, and whether every value of `got` is finite. */
export function maxAbsDiff(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
): { maxErr: number; finite: boolean; length: number } {
  if (got.length !== want.length) throw new Error(`length ${got.length} vs ${want.length}`);
  let maxErr = 0,
    finite = true;
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    if (!Number.isFinite(g)) finite = false;
    maxErr = Math.max(maxErr, Math.abs(g - want[i]!));
  }
  return { maxErr, finite, length: want.length };
}
