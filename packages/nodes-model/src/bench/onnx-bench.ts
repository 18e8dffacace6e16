// Per-stage latency of the reference architectures (SMALL_SIZE), one column per runtime:
//   native   onnxruntime-node, CPU, 1 intra-op thread (the bound; same thread count as ort-web)
//   native2  onnxruntime-node, CPU, every core
//   web      onnxruntime-web, wasm, 1 thread, in Node (what the CLI's workers run)
//   cr-wasm  onnxruntime-web, wasm, 1 thread, in headless Chromium (page thread)
//   cr-gpu   onnxruntime-web, WebGPU EP (JSEP), in headless Chromium: on a machine without a GPU
//            the adapter is SwiftShader, so these figures are CPU-emulated WebGPU
// plus the TypeScript reference (a plain-loop oracle, not a fast path). Each figure is a run with
// inputs in and outputs back in CPU memory. Writes bench-results/onnx.json. Run from dist:
//   node --import tsx packages/nodes-model/src/bench/onnx-bench.ts        (FFAVATAR_BENCH_NO_BROWSER=1: Node columns only)
import { writeBenchResult } from '@ffavatar/core/node';
import { openOnnxPage } from '../browser-test/chromium.js';
import type { StageName } from '../learned/contracts.js';
import { measureLatency, type Latency, type LatencyOptions } from '../learned/latency.js';
import { buildReferenceModel, runReference } from '../learned/reference-model.js';
import { BENCH_CASES, stageInputs } from '../test-support/stage-inputs.js';
import { SMALL_SIZE } from '../learned/stage-size.js';
import { seededWeights } from '../learned/weights.js';
import { openNativeSession } from '../onnx/native-session.js';
import { openSession, type OnnxSession, type RuntimeTensor } from '../onnx/session.js';

const OPTS: LatencyOptions = { warmup: 3, warmupMs: 300, samples: 10, minSampleMs: 20, budgetMs: 15_000 };
const COLUMNS = ['native', 'native2', 'web', 'crWasm', 'crGpu'] as const;
type Column = (typeof COLUMNS)[number];
const TITLES: Record<Column, string> = {
  native: 'node 1t',
  native2: 'node 2t',
  web: 'web wasm',
  crWasm: 'chr wasm',
  crGpu: 'chr webgpu',
};

interface StageFigures {
  modelBytes: number;
  sessionStartMs: Partial<Record<Column, number>>;
  runs: Record<string, Partial<Record<Column | 'tsReference' | 'crWasmPlain', Latency>>>;
}

const weights = seededWeights(0);
const cases = BENCH_CASES.map(([s, c]) => [s, [...c]] as [StageName, number[]]);
const feedsOf = (stage: StageName, count: number): Record<string, RuntimeTensor> =>
  Object.fromEntries(
    Object.entries(stageInputs(stage, SMALL_SIZE, count, 0)).map(([k, a]) => [
      k,
      { dtype: 'float32' as const, shape: [...a.shape], data: a.data },
    ]),
  );

// V8 tiers a wasm module up in the background, and ort's modules are large (14 MB plain, 28 MB JSEP):
// measured in Chromium, the JSEP build ran vertex alignment at 86, 47, then 19 ms in three passes
// a few seconds apart while the plain build held 17-21 ms. So the wasm columns take the second of
// two passes over every stage; the first only warms.
const WASM_PASSES = 2;

async function nodeColumn(
  column: Column,
  open: (bytes: Uint8Array) => Promise<OnnxSession>,
  figures: Record<string, StageFigures>,
  passes = 1,
): Promise<void> {
  const starts = new Map<string, number>();
  for (let pass = 1; pass < passes; pass++) {
    for (const [stage, counts] of cases) {
      const t0 = performance.now();
      const session = await open(buildReferenceModel(stage, SMALL_SIZE, weights));
      if (!starts.has(stage)) starts.set(stage, performance.now() - t0);
      for (const count of counts) {
        const feeds = feedsOf(stage, count);
        await measureLatency(() => session.run(feeds), OPTS);
      }
    }
  }
  for (const [stage, counts] of cases) {
    const bytes = buildReferenceModel(stage, SMALL_SIZE, weights);
    const f = (figures[stage] ??= { modelBytes: bytes.byteLength, sessionStartMs: {}, runs: {} });
    const t0 = performance.now();
    const session = await open(bytes);
    // The first open of each model: later passes find the session cached.
    f.sessionStartMs[column] = starts.get(stage) ?? performance.now() - t0;
    for (const count of counts) {
      const feeds = feedsOf(stage, count);
      (f.runs[String(count)] ??= {})[column] = await measureLatency(() => session.run(feeds), OPTS);
    }
  }
}

const figures: Record<string, StageFigures> = {};
console.log(`onnx: reference stages at SMALL_SIZE ${JSON.stringify(SMALL_SIZE)}`);
console.log(
  `  per call: median of up to ${OPTS.samples} samples after ${OPTS.warmup} warm-up calls and ${OPTS.warmupMs} ms; a sample repeats the call until it lasts ${OPTS.minSampleMs} ms`,
);
await nodeColumn('native', (b) => openNativeSession(b, { threads: 1 }), figures);
await nodeColumn('native2', (b) => openNativeSession(b, { threads: 0 }), figures);
await nodeColumn('web', (b) => openSession(b), figures, WASM_PASSES);

// The TypeScript reference: fewer, unbatched samples (it is slow where counts are large).
for (const [stage, counts] of cases) {
  for (const count of counts) {
    const arrs = stageInputs(stage, SMALL_SIZE, count, 0);
    figures[stage]!.runs[String(count)]!.tsReference = await measureLatency(
      () => runReference(stage, SMALL_SIZE, weights, arrs),
      { warmup: 1, samples: 3, minSampleMs: 0 },
    );
  }
}

let chromium: Record<string, unknown> = { measured: false, reason: 'FFAVATAR_BENCH_NO_BROWSER is set' };
type PageFigures = Record<string, { sessionStartMs: number; runs: Record<string, Latency> }>;
const wasmFiles = (requests: string[]) =>
  requests.filter((u) => u.endsWith('.wasm')).map((u) => u.slice(u.lastIndexOf('/') + 1));
if (!process.env.FFAVATAR_BENCH_NO_BROWSER) {
  const what = 'the Chromium columns of the ONNX bench (set FFAVATAR_BENCH_NO_BROWSER=1 to skip them)';
  const page = await openOnnxPage(what);
  let gpu: any, userAgent: string, pageErrors: string[], defaultWasm: string[];
  try {
    gpu = await page.call('gpuInfo');
    userAgent = await page.call('userAgent');
    for (const [column, ep] of [
      ['crWasm', 'wasm'],
      ['crGpu', 'webgpu'],
    ] as const) {
      // WebGPU runs take one pass (seconds per call on SwiftShader); wasm the second of two.
      let first: PageFigures | undefined;
      for (let pass = 1; ep === 'wasm' && pass < WASM_PASSES; pass++)
        first ??= await page.call<PageFigures>('bench', ep, cases, OPTS);
      const got = await page.call<PageFigures>('bench', ep, cases, OPTS);
      for (const [stage, g] of Object.entries(got)) {
        figures[stage]!.sessionStartMs[column] = (first ?? got)[stage]!.sessionStartMs;
        for (const [count, l] of Object.entries(g.runs)) figures[stage]!.runs[count]![column] = l;
      }
    }
    pageErrors = [...page.pageErrors];
    defaultWasm = wasmFiles(page.requests);
  } finally {
    await page.close();
  }
  // The same page over ort's plain wasm build (no JSEP), for the wasm build's own cost.
  const plain = await openOnnxPage(what, 'wasm');
  let plainWasm: string[];
  try {
    for (let pass = 1; pass < WASM_PASSES; pass++)
      await plain.call<PageFigures>('bench', 'wasm', cases, OPTS);
    const got = await plain.call<PageFigures>('bench', 'wasm', cases, OPTS);
    for (const [stage, g] of Object.entries(got)) {
      for (const [count, l] of Object.entries(g.runs)) figures[stage]!.runs[count]!.crWasmPlain = l;
    }
    pageErrors.push(...plain.pageErrors);
    plainWasm = wasmFiles(plain.requests);
  } finally {
    await plain.close();
  }
  const software = /swiftshader/i.test(JSON.stringify(gpu)) || gpu.adapter?.isFallbackAdapter;
  chromium = {
    measured: true,
    version: page.browserVersion,
    userAgent,
    webgpu: gpu,
    note: software
      ? 'WebGPU adapter is SwiftShader (Vulkan, CPU-emulated; isFallbackAdapter): the webgpu column measures a software GPU on this machine, not WebGPU hardware'
      : 'WebGPU adapter is a hardware GPU',
    pageErrors,
    wasmFiles: { default: defaultWasm, plain: plainWasm },
  };
}

// The hybrid graph's refiner: every Gaussian of the portrait's avatar, 32768 per run as the node does.
const whole: Record<string, number> = {};
{
  const total = 356508,
    chunk = 32768;
  const bytes = buildReferenceModel('motionRefiner', SMALL_SIZE, weights);
  const feeds = feedsOf('motionRefiner', chunk);
  for (const [column, session] of [
    ['native', await openNativeSession(bytes)],
    ['web', await openSession(bytes)],
  ] as const) {
    const l = await measureLatency(
      async () => {
        for (let start = 0; start < total; start += chunk) {
          const n = Math.min(chunk, total - start);
          await session.run({
            ...feeds,
            anchor_features: {
              dtype: 'float32',
              shape: [n, 8],
              data: (feeds.anchor_features!.data as Float32Array).subarray(0, n * 8),
            },
          });
        }
      },
      { warmup: 1, samples: 3, minSampleMs: 0 },
    );
    whole[column] = l.ms;
  }
}

// The table: ms per call, and each column's ratio to the native single-thread bound.
const measured = COLUMNS.filter((c) =>
  Object.values(figures).some((f) => Object.values(f.runs).some((r) => r[c])),
);
const fmt = (ms: number | undefined) =>
  ms === undefined ? '-' : ms < 1 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(2) : ms.toFixed(0);
const lines: string[] = [];
lines.push(
  `${'stage'.padEnd(21)} ${'count'.padStart(6)} ${measured.map((c) => TITLES[c].padStart(17)).join(' ')} ${'ts ref'.padStart(9)}`,
);
for (const [stage, counts] of cases) {
  for (const count of counts) {
    const r = figures[stage]!.runs[String(count)]!;
    const base = r.native!.ms;
    const cells = measured.map((c) => {
      const ms = r[c]?.ms;
      return `${fmt(ms).padStart(8)} ${ms === undefined ? ''.padStart(8) : `(${(ms / base).toFixed(1)}x)`.padStart(8)}`;
    });
    lines.push(
      `${stage.padEnd(21)} ${String(count).padStart(6)} ${cells.join(' ')} ${fmt(r.tsReference?.ms).padStart(9)}`,
    );
  }
}
console.log(`ms per call (ratio to onnxruntime-node, 1 thread):`);
for (const l of lines) console.log(`  ${l}`);
console.log(
  `  session start, ms: ${cases.map(([s]) => `${s} ${measured.map((c) => `${TITLES[c]} ${fmt(figures[s]!.sessionStartMs[c])}`).join(', ')}`).join('; ')}`,
);
if (measured.includes('crWasm')) {
  console.log(
    `  chr wasm with ort's plain wasm build (onnxruntime-web/wasm, no JSEP), ms: ${cases.map(([s, counts]) => `${s} ${counts.map((c) => fmt(figures[s]!.runs[String(c)]!.crWasmPlain?.ms)).join(' / ')}`).join('; ')}`,
  );
}
if (measured.includes('crGpu')) {
  console.log(
    `  chr webgpu first call (shader compilation, uploads), ms: ${cases.map(([s, counts]) => `${s} ${counts.map((c) => fmt(figures[s]!.runs[String(c)]!.crGpu?.firstMs)).join(' / ')}`).join('; ')}`,
  );
}
console.log(
  `  motionRefiner, whole avatar (356508 Gaussians, 11 runs of 32768): node 1t ${fmt(whole.native)} ms, web wasm ${fmt(whole.web)} ms`,
);
if (chromium.measured) console.log(`  chromium ${chromium.version}: ${chromium.note}`);

const file = await writeBenchResult('onnx', {
  runtimes: {
    native: 'onnxruntime-node 1.30.0, CPU EP, intraOpNumThreads 1 (the bound; ratios are to this column)',
    native2: 'onnxruntime-node 1.30.0, CPU EP, intraOpNumThreads 0 (every core)',
    web: 'onnxruntime-web 1.30.0, wasm (SIMD), 1 thread, in Node',
    crWasm: 'onnxruntime-web 1.30.0, wasm (SIMD, JSEP build), 1 thread, headless Chromium page',
    crGpu:
      'onnxruntime-web 1.30.0, WebGPU EP (JSEP), headless Chromium page; see chromium.webgpu for the adapter',
    crWasmPlain:
      'onnxruntime-web/wasm 1.30.0 (the plain SIMD build, no JSEP), 1 thread, headless Chromium page; not in the printed table',
    tsReference: 'the TypeScript reference (plain loops, f64 accumulation): an oracle, not a fast path',
  },
  method:
    'ms per call, inputs in and outputs back in CPU memory; median sample after warm-up, a sample repeating the call until it lasts minSampleMs; firstMs is the first call of the measured pass (GPU: shader compilation); wasm columns: the second of two passes over all stages (V8 tier-up), sessionStartMs from the first open of each model',
  options: OPTS,
  size: SMALL_SIZE,
  chromium,
  table: lines,
  figures,
  motionRefinerWholeAvatarMs: { gaussians: 356508, chunk: 32768, ...whole },
});
console.log(`wrote ${file}`);
