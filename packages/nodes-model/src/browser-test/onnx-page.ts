// The ONNX test and bench page: onnxruntime-web (the package's own session module) on the page's
// thread, wasm or its WebGPU execution provider, on the reference stages. It returns plain
// numbers for the Node side (browser test, bench) to assert and print.
import { STAGE_CONTRACTS, type StageName } from '../learned/contracts.js';
import { measureLatency, type LatencyOptions } from '../learned/latency.js';
import { buildReferenceModel, runReference } from '../learned/reference-model.js';
import { maxAbsDiff, stageInputs } from '../test-support/stage-inputs.js';
import { SMALL_SIZE } from '../learned/stage-size.js';
import { seededWeights } from '../learned/weights.js';
import { openSession, type ExecutionProvider, type RuntimeTensor } from '../onnx/session.js';

function feedsOf(
  inputs: Record<string, { shape: readonly number[]; data: Float32Array }>,
): Record<string, RuntimeTensor> {
  return Object.fromEntries(
    Object.entries(inputs).map(([k, a]) => [
      k,
      { dtype: 'float32' as const, shape: [...a.shape], data: a.data },
    ]),
  );
}

async function gpuInfo() {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<any> } }).gpu;
  if (!gpu) return { webgpu: false as const };
  const adapter = await gpu.requestAdapter();
  if (!adapter) return { webgpu: true as const, adapter: null };
  const info = adapter.info ?? {};
  return {
    webgpu: true as const,
    adapter: {
      vendor: String(info.vendor ?? ''),
      architecture: String(info.architecture ?? ''),
      device: String(info.device ?? ''),
      description: String(info.description ?? ''),
      isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
    },
  };
}

/** One stage, one count: the backend's outputs held to the TypeScript reference. */
async function compare(ep: ExecutionProvider, stage: StageName, count: number) {
  const weights = seededWeights(7);
  const session = await openSession(buildReferenceModel(stage, SMALL_SIZE, weights), {
    executionProvider: ep,
  });
  const inputs = stageInputs(stage, SMALL_SIZE, count, 1);
  const got = await session.run(feedsOf(inputs));
  const want = runReference(stage, SMALL_SIZE, weights, inputs);
  const outputs: Record<
    string,
    { shape: number[]; wantShape: number[]; maxErr: number; finite: boolean; maxAbs: number }
  > = {};
  for (const v of STAGE_CONTRACTS[stage].outputs) {
    const g = got[v.name],
      w = want[v.name]!;
    if (!g) throw new Error(`${stage}: no output ${v.name} from ${session.backend}`);
    const d = maxAbsDiff(g.data as Float32Array, w.data);
    let maxAbs = 0;
    for (const x of w.data) maxAbs = Math.max(maxAbs, Math.abs(x));
    outputs[v.name] = {
      shape: [...g.shape],
      wantShape: [...w.shape],
      maxErr: d.maxErr,
      finite: d.finite,
      maxAbs,
    };
  }
  return { backend: session.backend, outputs };
}

/** Per-stage latency: session start, then each count's run (inputs in, outputs back on the CPU). */
async function bench(ep: ExecutionProvider, cases: [StageName, number[]][], opts: LatencyOptions) {
  const weights = seededWeights(0);
  const figures: Record<
    string,
    { sessionStartMs: number; runs: Record<string, Awaited<ReturnType<typeof measureLatency>>> }
  > = {};
  for (const [stage, counts] of cases) {
    const bytes = buildReferenceModel(stage, SMALL_SIZE, weights);
    const t0 = performance.now();
    const session = await openSession(bytes, { executionProvider: ep });
    const sessionStartMs = performance.now() - t0;
    const runs: Record<string, Awaited<ReturnType<typeof measureLatency>>> = {};
    for (const count of counts) {
      const feeds = feedsOf(stageInputs(stage, SMALL_SIZE, count, 0));
      runs[String(count)] = await measureLatency(() => session.run(feeds), opts);
    }
    figures[stage] = { sessionStartMs, runs };
  }
  return figures;
}

const api = {
  gpuInfo,
  compare,
  bench,
  userAgent: () => navigator.userAgent,
  crossOriginIsolated: () => globalThis.crossOriginIsolated,
};

(globalThis as unknown as { onnxTest: typeof api }).onnxTest = api;
