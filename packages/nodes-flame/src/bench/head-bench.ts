// Node-only timing script (not part of the package's exports): `node --import tsx src/bench/head-bench.ts`.
import { readFileSync } from 'node:fs';
import {
  batchHeadParams,
  evaluateHead,
  evaluateHeadBatch,
  landmarkVertices,
  lookAtCamera,
  neutralHeadParams,
} from '@ffavatar/core/geometry';
import { type HeadModel, type HeadParams } from '@ffavatar/core';
import { resolveAsset } from '@ffavatar/core/node';
import { ICT_ASSET, loadIctFaceKit } from '../ict/load-ict.js';
import { rasterizeMesh } from '../raster/rasterize-mesh.js';
import { uvTexelMap } from '../uv/uv-texel-map.js';

/** Min and median of `runs` timed calls after two warm-up calls, in ms. */
function time(
  label: string,
  f: () => unknown,
  runs = 10,
): { label: string; minMs: number; medianMs: number } {
  f();
  f();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  const r = { label, minMs: round(t[0]!), medianMs: round(t[runs >> 1]!) };
  process.stdout.write(
    `${label.padEnd(52)} min ${String(r.minMs).padStart(8)} ms   median ${String(r.medianMs).padStart(8)} ms\n`,
  );
  return r;
}
const round = (x: number) => Math.round(x * 100) / 100;

/** Dense random params: every identity and expression coefficient non-zero (the worst case). */
function dense(model: HeadModel, seed: number): HeadParams {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const p = neutralHeadParams(model);
  p.identity.forEach((_, i) => {
    p.identity[i] = rnd() - 0.5;
  });
  p.expression.forEach((_, i) => {
    p.expression[i] = rnd();
  });
  p.rotation.set([0.1, 0.3, 0]);
  p.translation.set([0, 0, 0.1]);
  return p;
}

const path = resolveAsset(ICT_ASSET);
const bytes = new Uint8Array(readFileSync(path));
const results = [];
results.push(time('ICT load (npz bytes -> HeadModel)', () => loadIctFaceKit(bytes, path), 5));
const model = loadIctFaceKit(bytes, path);
const p = dense(model, 1);
const jaw = neutralHeadParams(model);
jaw.expression[model.expressionNames.indexOf('jawOpen')] = 1;
results.push(time('evaluateHead, dense params (mesh + normals)', () => evaluateHead(model, p), 20));
results.push(time('evaluateHead, jawOpen only (mesh + normals)', () => evaluateHead(model, jaw), 20));
const one = batchHeadParams(model, [p]);
results.push(time('evaluateHeadBatch x1, dense, positions', () => evaluateHeadBatch(model, one), 20));
const b16 = batchHeadParams(
  model,
  Array.from({ length: 16 }, (_, i) => dense(model, i + 2)),
);
results.push(time('evaluateHeadBatch x16, dense, positions', () => evaluateHeadBatch(model, b16), 8));
results.push(
  time('evaluateHeadBatch x16, dense, + normals', () => evaluateHeadBatch(model, b16, { normals: true }), 8),
);
const lv = landmarkVertices(model);
results.push(
  time(
    `evaluateHeadBatch x16, landmark vertices (${lv.length})`,
    () => evaluateHeadBatch(model, b16, { vertices: lv }),
    50,
  ),
);
const mesh = evaluateHead(model, p);
const cam = lookAtCamera({
  eye: [0, -0.02, 0.95],
  target: [0, -0.02, 0.05],
  width: 512,
  height: 512,
  fovYDegrees: 25,
});
results.push(time('rasterizeMesh 512x512 (ICT, 48,836 triangles)', () => rasterizeMesh(mesh, cam), 20));
results.push(
  time(
    'uvTexelMap 1024x1024 (ICT, all triangles)',
    () => uvTexelMap(model.uv!.coords, model.uv!.triangles, 1024),
    10,
  ),
);
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
