// Per-stage latency of the reference architectures (SMALL_SIZE) in onnxruntime-web, wasm, in Node,
// next to the TypeScript reference of the same math. Writes bench-results/onnx.json. Run from dist:
//   node packages/nodes-model/dist/onnx/onnx-bench.js
import { writeBenchResult } from '@ffavatar/core/node';
import { STAGE_CONTRACTS, type StageName } from '../learned/contracts.js';
import type { Arr } from '../learned/eager-ops.js';
import { buildReferenceModel, modelShape, runReference } from '../learned/reference-model.js';
import { SMALL_SIZE } from '../learned/stage-size.js';
import { seededWeights } from '../learned/weights.js';
import { openSession, type RuntimeTensor } from './session.js';

const WARMUP = 3;
const RUNS = 10;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function time(f: () => unknown, runs = RUNS, warmup = WARMUP): Promise<number> {
  for (let i = 0; i < warmup; i++) await f();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

/** The dynamic axes set to `count` (images, vertices, UV side, anchors). */
function feedsFor(stage: StageName, count: number): { feeds: Record<string, RuntimeTensor>; arrs: Record<string, Arr> } {
  const feeds: Record<string, RuntimeTensor> = {};
  const arrs: Record<string, Arr> = {};
  for (const v of STAGE_CONTRACTS[stage].inputs) {
    const shape = modelShape(stage, v.shape, SMALL_SIZE).map((d) => (typeof d === 'number' ? d : count));
    const data = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 0.37));
    feeds[v.name] = { dtype: 'float32', shape, data };
    arrs[v.name] = { shape, data };
  }
  return { feeds, arrs };
}

// Counts per stage: 1 and 4 images for the image stages; a realistic anchor count for the others
// (ICT-FaceKit light has 14062 vertices of which the face uses about 11k; a UV map of 64 x 64;
// the hybrid graph's refiner sees 356508 Gaussians, run here as 32768 per call like the node).
const CASES: [StageName, number[]][] = [
  ['encoder', [1, 4]],
  ['alternatingAttention', [1, 4]],
  ['vertexAlignment', [1024, 11248]],
  ['uvDecoder', [64, 256]],
  ['motionRefiner', [1024, 32768]],
];

const weights = seededWeights(0);
const stages: Record<string, unknown> = {};
console.log(`onnx: reference stages at SMALL_SIZE ${JSON.stringify(SMALL_SIZE)}; median of ${RUNS} after ${WARMUP} warm-up runs`);
for (const [stage, counts] of CASES) {
  const bytes = buildReferenceModel(stage, SMALL_SIZE, weights);
  const t0 = performance.now();
  const session = await openSession(bytes);
  const sessionMs = performance.now() - t0;
  const perCount: Record<string, { ortMs: number; tsReferenceMs: number; ratio: number }> = {};
  for (const count of counts) {
    const { feeds, arrs } = feedsFor(stage, count);
    const ortMs = await time(() => session.run(feeds));
    // The reference is a plain-loop oracle, not a fast path: fewer runs where it is slow.
    const tsReferenceMs = await time(() => runReference(stage, SMALL_SIZE, weights, arrs), 3, 1);
    perCount[String(count)] = { ortMs, tsReferenceMs, ratio: tsReferenceMs / ortMs };
    console.log(`  ${stage.padEnd(22)} ${String(count).padStart(6)}  ort-web wasm ${ortMs.toFixed(2).padStart(8)} ms   ts reference ${tsReferenceMs.toFixed(2).padStart(9)} ms   (${(tsReferenceMs / ortMs).toFixed(1)}x)`);
  }
  console.log(`  ${stage.padEnd(22)} session start ${sessionMs.toFixed(1)} ms, model ${(bytes.byteLength / 1024).toFixed(1)} KiB`);
  stages[stage] = { modelBytes: bytes.byteLength, sessionStartMs: sessionMs, dynamicAxis: STAGE_CONTRACTS[stage].dynamic.join(','), runs: perCount };
}

// The hybrid graph's refiner: every Gaussian of the portrait's avatar, 32768 per run as the node does.
{
  const session = await openSession(buildReferenceModel('motionRefiner', SMALL_SIZE, weights));
  const total = 356508, chunk = 32768;
  const { feeds } = feedsFor('motionRefiner', chunk);
  const ms = await time(async () => {
    for (let start = 0; start < total; start += chunk) {
      const n = Math.min(chunk, total - start);
      await session.run({ ...feeds, anchor_features: { dtype: 'float32', shape: [n, 8], data: (feeds.anchor_features!.data as Float32Array).subarray(0, n * 8) } });
    }
  }, 3, 1);
  console.log(`  motionRefiner, whole avatar (${total} Gaussians, ${Math.ceil(total / chunk)} runs)  ${ms.toFixed(1)} ms`);
  stages.motionRefinerWholeAvatar = { gaussians: total, chunk, ms };
}

const file = await writeBenchResult('onnx', {
  runtime: 'onnxruntime-web 1.30.0, wasm, 1 thread, Node',
  size: SMALL_SIZE, runs: RUNS, warmup: WARMUP,
  note: 'WebGPU EP (headless Chromium) and onnxruntime-node columns not measured yet',
  figures: stages,
});
console.log(`wrote ${file}`);
