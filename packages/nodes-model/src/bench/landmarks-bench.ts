// Face detection + 68 landmarks per image in Node (face-api on tfjs-wasm), on the bundled portrait.
// Prints a table and writes bench-results/landmarks.json at the repo root. Run from dist:
//   node --import tsx packages/nodes-model/src/bench/landmarks-bench.ts
import { readFileSync } from 'node:fs';
import { decodeImage } from '@ffavatar/core/io';
import { resolveAsset, writeBenchResult } from '@ffavatar/core/node';
import { loadNodeLandmarkBackend } from '../backends/face-api-node.js';
import type { DetectOptions, Rgba8 } from '../landmarks/landmark-backend.js';

const WARMUP = 3;
const RUNS = 10;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function timeDetect(image: Rgba8, options: DetectOptions) {
  const backend = await loadNodeLandmarkBackend();
  // The first runs load the detector's weights and let tfjs-wasm settle its buffers.
  for (let i = 0; i < WARMUP; i++) await backend.detect(image, options);
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const faces = await backend.detect(image, options);
    ms.push(performance.now() - t0);
    if (faces.length !== 1)
      throw new Error(`expected 1 face on the portrait with ${options.detector}, found ${faces.length}`);
  }
  return { medianMs: median(ms), minMs: Math.min(...ms), maxMs: Math.max(...ms) };
}

const path = resolveAsset('portraits/astronaut.png');
const image = decodeImage(readFileSync(path), path);

const t0 = performance.now();
const backend = await loadNodeLandmarkBackend();
const startMs = performance.now() - t0;
const tiny = await timeDetect(image, { detector: 'tiny', minConfidence: 0.5, inputSize: 416 });
const ssd = await timeDetect(image, { detector: 'ssd', minConfidence: 0.5, inputSize: 416 });

console.log(
  `landmarks: ${backend.description}, ${image.width}x${image.height} portrait, median of ${RUNS} after ${WARMUP} warm-up runs`,
);
console.log(`  tfjs-wasm start (once per process or worker)  ${startMs.toFixed(1)} ms`);
for (const [name, r] of [
  ['tiny detector + 68 landmarks', tiny],
  ['ssd detector + 68 landmarks ', ssd],
] as const) {
  console.log(
    `  ${name}  ${r.medianMs.toFixed(1)} ms  (min ${r.minMs.toFixed(1)}, max ${r.maxMs.toFixed(1)})`,
  );
}

const file = await writeBenchResult('landmarks', {
  runtime: backend.description,
  image: { asset: 'portraits/astronaut.png', width: image.width, height: image.height },
  runs: RUNS,
  warmup: WARMUP,
  figures: {
    startMs,
    tinyMsPerImage: tiny.medianMs,
    tinyMinMs: tiny.minMs,
    tinyMaxMs: tiny.maxMs,
    ssdMsPerImage: ssd.medianMs,
    ssdMinMs: ssd.minMs,
    ssdMaxMs: ssd.maxMs,
  },
});
console.log(`wrote ${file}`);
