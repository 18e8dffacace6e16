// Scan and key-value sort, CPU path against WebGPU, at 100k / 500k / 1M elements. Node only.
// Run: cd packages/core && npx tsx src/gpu/bench/sort-bench.ts [--runs N] [--sizes 100000,500000] [--out FILE]
// Prints a table and writes bench-results/gpu-sort.json at the repository root (or FILE).
//
// "GPU" is data already on the GPU: submit to onSubmittedWorkDone of the kernels alone (what a frame
// pays). "GPU+IO" adds upload and readback through the array wrappers (what a one-off call pays).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { acquireGpu } from '../../node/gpu-device.js';
import { createBufferFromData, createStorageBuffer } from '../buffers.js';
import { adapterLabel } from '../gpu-context.js';
import { createRadixSortKeyValueU32, radixSortKeyValueU32 } from '../radix-sort-u32.js';
import { radixSortKeyValueU32Cpu } from '../radix-sort-u32-cpu.js';
import { createExclusiveScanU32, exclusiveScanU32 } from '../scan-u32.js';
import { exclusiveScanU32Cpu } from '../scan-u32-cpu.js';

interface Row {
  op: string;
  n: number;
  cpuMs: number;
  gpuMs: number;
  gpuIoMs: number;
}

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string' },
    sizes: { type: 'string' },
    warmup: { type: 'string' },
    out: { type: 'string' },
  },
});
const sizes = (args.sizes ?? '100000,500000,1000000').split(',').map(Number);
const runs = Number(args.runs ?? 5);
const warmup = Number(args.warmup ?? 1);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function time(fn: () => unknown | Promise<unknown>): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

/** xorshift32: the same data every run, so figures compare across machines. */
function randomU32(n: number, seed: number): Uint32Array {
  const out = new Uint32Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x;
  }
  return out;
}

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('repository root (pnpm-workspace.yaml) not found');
    dir = up;
  }
  return dir;
}

const ctx = await acquireGpu();
const { device } = ctx;
const adapter = adapterLabel(ctx.adapterInfo);
console.log(
  `adapter: ${adapter}${ctx.isSoftware ? ' [software]' : ''}; runs: ${runs} (median) after ${warmup} warm-up`,
);
const t0 = performance.now();
const [scan, sort] = await Promise.all([createExclusiveScanU32(device), createRadixSortKeyValueU32(device)]);
const compileMs = performance.now() - t0;
console.log(`pipeline compile: ${compileMs.toFixed(0)} ms`);

const rows: Row[] = [];
for (const n of sizes) {
  // Scan input below 2^12 per element, like counts; wrapping is tested elsewhere.
  const counts = randomU32(n, 1).map((v) => v & 0xfff);
  const keys = randomU32(n, 2);
  const values = Uint32Array.from({ length: n }, (_, i) => i);

  const src = createBufferFromData(device, counts);
  const dst = createStorageBuffer(device, n * 4);
  rows.push({
    op: 'exclusive scan u32',
    n,
    cpuMs: await time(() => exclusiveScanU32Cpu(counts)),
    gpuMs: await time(async () => {
      const enc = device.createCommandEncoder();
      scan.encode(enc, { input: src, output: dst, count: n });
      device.queue.submit([enc.finish()]);
      await device.queue.onSubmittedWorkDone();
    }),
    gpuIoMs: await time(() => exclusiveScanU32(device, counts)),
  });
  src.destroy();
  dst.destroy();

  for (const keyBits of [16, 32]) {
    const k = keyBits === 32 ? keys : keys.map((v) => v & 0xffff);
    const origKeys = createBufferFromData(device, k);
    const origValues = createBufferFromData(device, values);
    const workKeys = createStorageBuffer(device, n * 4);
    const workValues = createStorageBuffer(device, n * 4);
    const gpuTimes: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      // Restore the unsorted input (not timed), then time the sort alone.
      const reset = device.createCommandEncoder();
      reset.copyBufferToBuffer(origKeys, 0, workKeys, 0, n * 4);
      reset.copyBufferToBuffer(origValues, 0, workValues, 0, n * 4);
      device.queue.submit([reset.finish()]);
      await device.queue.onSubmittedWorkDone();
      const t = performance.now();
      const enc = device.createCommandEncoder();
      sort.encode(enc, { keys: workKeys, values: workValues, count: n, keyBits });
      device.queue.submit([enc.finish()]);
      await device.queue.onSubmittedWorkDone();
      if (i >= warmup) gpuTimes.push(performance.now() - t);
    }
    rows.push({
      op: `radix sort key-value (${keyBits}-bit keys)`,
      n,
      cpuMs: await time(() => radixSortKeyValueU32Cpu(k, values, { keyBits })),
      gpuMs: median(gpuTimes),
      gpuIoMs: await time(() => radixSortKeyValueU32(device, k, values, { keyBits })),
    });
    for (const b of [origKeys, origValues, workKeys, workValues]) b.destroy();
  }
}

const fmt = (ms: number) => ms.toFixed(ms < 10 ? 2 : 1).padStart(9);
console.log(
  `\n${'operation'.padEnd(36)}${'n'.padStart(9)}${'CPU ms'.padStart(9)}${'GPU ms'.padStart(9)}${'GPU+IO'.padStart(9)}${'GPU/CPU'.padStart(9)}`,
);
for (const r of rows) {
  console.log(
    `${r.op.padEnd(36)}${String(r.n).padStart(9)}${fmt(r.cpuMs)}${fmt(r.gpuMs)}${fmt(r.gpuIoMs)}${(r.gpuMs / r.cpuMs).toFixed(1).padStart(8)}x`,
  );
}

const out = args.out ? resolve(args.out) : join(repoRoot(), 'bench-results', 'gpu-sort.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify(
    {
      benchmark: 'gpu-sort',
      date: new Date().toISOString(),
      node: process.version,
      cpu: `${cpus()[0]?.model ?? 'unknown'} x${cpus().length}`,
      adapter: { ...ctx.adapterInfo, isSoftware: ctx.isSoftware, label: adapter },
      runs,
      warmup,
      statistic: 'median',
      pipelineCompileMs: Math.round(compileMs),
      notes:
        'gpuMs: data resident on the GPU, submit to onSubmittedWorkDone; gpuIoMs: array wrappers incl. upload and readback; cpuMs: typed-array CPU path',
      rows,
    },
    null,
    2,
  )}\n`,
);
console.log(`\nwrote ${out}`);
