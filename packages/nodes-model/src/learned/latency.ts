// Latency of one call, the same way for every backend (Node, Chromium page, native): warm-up
// calls, then samples of `reps` back-to-back calls where `reps` makes a sample last at least
// `minSampleMs` (a browser's performance.now() is coarsened to 0.1 ms and jittered, and the small
// stages run in well under that). The figure is the median sample divided by `reps`.

export interface Latency {
  /** Median per call, ms. */
  readonly ms: number;
  /** Fastest and slowest sample per call, ms. */
  readonly minMs: number;
  readonly maxMs: number;
  readonly samples: number;
  readonly reps: number;
  /** The first call of all (for a GPU: shader compilation and uploads). */
  readonly firstMs: number;
}

export interface LatencyOptions {
  readonly warmup?: number;
  /** Keep warming up until this much time went by too (wasm tiers up in the background). */
  readonly warmupMs?: number;
  readonly samples?: number;
  readonly minSampleMs?: number;
  /** Stop sampling early once this much time went into samples (slow emulated backends). */
  readonly budgetMs?: number;
}

export async function measureLatency(f: () => unknown, opts: LatencyOptions = {}): Promise<Latency> {
  const warmup = opts.warmup ?? 3,
    warmupMs = opts.warmupMs ?? 0,
    samples = opts.samples ?? 10,
    minSampleMs = opts.minSampleMs ?? 20,
    budgetMs = opts.budgetMs ?? 20_000;
  let t = performance.now();
  await f();
  const firstMs = performance.now() - t;
  let last = firstMs;
  const warmStart = performance.now();
  for (let i = 1; i < warmup || performance.now() - warmStart < warmupMs; i++) {
    t = performance.now();
    await f();
    last = performance.now() - t;
  }
  const reps = Math.max(1, Math.min(1000, Math.ceil(minSampleMs / Math.max(last, 1e-3))));
  const per: number[] = [];
  const start = performance.now();
  for (let s = 0; s < samples; s++) {
    t = performance.now();
    for (let r = 0; r < reps; r++) await f();
    per.push((performance.now() - t) / reps);
    if (s >= 2 && performance.now() - start > budgetMs) break;
  }
  const sorted = [...per].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const ms = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { ms, minMs: sorted[0]!, maxMs: sorted[sorted.length - 1]!, samples: per.length, reps, firstMs };
}
