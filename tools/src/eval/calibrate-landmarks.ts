import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cameraCentre, evaluateHead, landmarkPositions } from '@ffavatar/core/geometry';
import { type Camera, type HeadModel, type HeadParams, type Image } from '@ffavatar/core';
import { rasterizeMesh } from '@ffavatar/nodes-flame';
import { detectLandmarks, neutralSubject, renderFrame } from './subject.js';
import { type Shot } from './views.js';

/**
 * `node tools/dist/eval/calibrate-landmarks.js [--write]`: measures where the project's 68-point
 * detector puts each landmark on a rendered ICT-FaceKit head relative to the model's own landmark
 * vertex, and (with --write) stores the offsets as the fit's default calibration
 * (packages/nodes-flame/src/fit/ict-landmark-offsets.ts).
 *
 * Subjects: identity seeds other than the eval's (5), so the eval never scores the data it was
 * calibrated on; each photographed over yaw -40..40 and pitch +-10, neutral and with mild
 * expressions, at 320 px. The cameras and shapes are the truth, so a landmark's disagreement is
 * the two definitions' (plus detector noise, which averages out over frames). Per landmark, one
 * model-space offset (3 unknowns) fits all frames by Gauss-Newton on the pixel residuals; the
 * views at different yaws fix its depth. The jaw contour is a silhouette whose surface point
 * slides with yaw: its offset is the average over these views.
 *
 * The subjects wear clmtrackr's average face fused through the neutral expression
 * (neutralSubject), so their neutral renders are neutral faces whatever calibration is in force;
 * only the camera and identity of that one fusion depend on it (rerun after --write: the tool
 * prints the largest change).
 */
/**
 * iBUG-68's left-right pairs (jaw, brows, nostrils, eyes, lips); points not listed lie on the
 * midline and are their own mirror image.
 */
const IBUG68_MIRROR_PAIRS: readonly (readonly [number, number])[] = [
  ...Array.from({ length: 8 }, (_, i) => [i, 16 - i] as const),
  [17, 26],
  [18, 25],
  [19, 24],
  [20, 23],
  [21, 22],
  [31, 35],
  [32, 34],
  [36, 45],
  [37, 44],
  [38, 43],
  [39, 42],
  [40, 47],
  [41, 46],
  [48, 54],
  [49, 53],
  [50, 52],
  [55, 59],
  [56, 58],
  [60, 64],
  [61, 63],
  [65, 67],
];

const { values } = parseArgs({
  options: {
    write: { type: 'boolean', default: false },
    shaded: { type: 'boolean', default: false },
    size: { type: 'string', default: '320' },
    seeds: { type: 'string', default: '1,2' },
    asymmetric: { type: 'boolean', default: false },
  },
});
const size = Number(values.size);
const seeds = values.seeds.split(',').map(Number);
const target = fileURLToPath(
  new URL('../../../packages/nodes-flame/src/fit/ict-landmark-offsets.ts', import.meta.url),
);

const shots: Shot[] = [];
for (const yaw of [-40, -20, 0, 20, 40]) {
  for (const pitch of [-10, 10]) {
    shots.push({ label: `n_${yaw}_${pitch}`, yaw, pitch, expression: {} });
    shots.push({
      label: `e_${yaw}_${pitch}`,
      yaw,
      pitch,
      expression: yaw % 40 === 0 ? { mouthSmile_L: 0.3, mouthSmile_R: 0.3 } : { jawOpen: 0.2 },
    });
  }
}

interface Sample {
  camera: Camera;
  truth: Float32Array;
  detected: Float32Array;
}
const samples: Sample[] = [];
let samplesModel: HeadModel | undefined;
for (const seed of seeds) {
  const subject = await neutralSubject(seed);
  samplesModel = subject.model;
  for (const shot of shots) {
    const frame = renderFrame(subject, shot, size);
    const image = values.shaded ? renderShaded(subject.model, frame.params, frame.camera) : frame.image;
    let detected: Float32Array;
    try {
      detected = await detectLandmarks(image, { detector: 'ssd' });
    } catch (e) {
      console.error(`${shot.label}: ${(e as Error).message}`);
      continue;
    }
    samples.push({
      camera: frame.camera,
      truth: landmarkPositions(subject.model, evaluateHead(subject.model, frame.params).vertices),
      detected,
    });
  }
  console.error(`seed ${seed}: ${shots.length} frames detected`);
}

// Per landmark: delta minimising sum |project(X + delta) - detected|^2 + lambda |delta|^2.
// lambda (px^2 per mm^2, over all frames) keeps a landmark the views cannot place in depth near
// its vertex instead of letting it run along the rays.
const LAMBDA_PER_MM2 = 0.05 * samples.length;
const offsets = new Float64Array(68 * 3);
const before: number[] = [],
  after: number[] = [];
for (let l = 0; l < 68; l++) {
  const d = new Float64Array(3);
  for (let it = 0; it < 5; it++) {
    const A = new Float64Array(9),
      b = new Float64Array(3);
    for (let k = 0; k < 3; k++) {
      A[k * 4] = LAMBDA_PER_MM2 * 1e6;
      b[k] = -LAMBDA_PER_MM2 * 1e6 * d[k]!;
    }
    for (const s of samples) {
      const X = [0, 1, 2].map((a) => s.truth[l * 3 + a]! + d[a]!);
      const { J, r } = projectJacobian(s.camera, X, s.detected[l * 2]!, s.detected[l * 2 + 1]!);
      for (let row = 0; row < 2; row++)
        for (let i = 0; i < 3; i++) {
          b[i] = b[i]! - J[row * 3 + i]! * r[row]!;
          for (let j = 0; j < 3; j++) A[i * 3 + j] = A[i * 3 + j]! + J[row * 3 + i]! * J[row * 3 + j]!;
        }
    }
    const step = solve3(A, b);
    for (let k = 0; k < 3; k++) d[k] = d[k]! + step[k]!;
  }
  offsets.set(d, l * 3);
  before.push(meanPx(l, [0, 0, 0]));
  after.push(meanPx(l, [...d]));
}
if (!values.asymmetric) symmetrize(offsets);
const previous = readTable();
const change =
  previous.length === 68 * 3 ? Math.max(...previous.map((v, i) => Math.abs(v - offsets[i]! * 1000))) : NaN;
console.log(
  `${samples.length} frames at ${size} px; mean detector-to-model distance per landmark ${mean(before).toFixed(2)} px -> ${mean(after).toFixed(2)} px with the offsets`,
);
console.log(
  `largest offset ${Math.max(...Array.from({ length: 68 }, (_, l) => Math.hypot(offsets[l * 3]!, offsets[l * 3 + 1]!, offsets[l * 3 + 2]!) * 1000)).toFixed(1)} mm; largest change from the stored table ${change.toFixed(2)} mm`,
);
console.log(
  Array.from({ length: 68 }, (_, l) => `${l}:${before[l]!.toFixed(1)}->${after[l]!.toFixed(1)}`).join(' '),
);
if (values.write) {
  const mm = Array.from(offsets, (v) => (v * 1000).toFixed(2));
  const rows = Array.from({ length: 68 }, (_, l) => `  ${mm.slice(l * 3, l * 3 + 3).join(', ')}, // ${l}`);
  const table = /(?:\/\/ prettier-ignore\n)?const ICT_LANDMARK_OFFSETS_MM: readonly number\[\] = \[[^\]]*\];/;
  const source = readFileSync(target, 'utf8');
  if (!table.test(source)) throw new Error(`${target} has no ICT_LANDMARK_OFFSETS_MM table to replace`);
  // One landmark a row: prettier would put every number on its own line.
  const text = source.replace(
    table,
    `// prettier-ignore\nconst ICT_LANDMARK_OFFSETS_MM: readonly number[] = [\n${rows.join('\n')}\n];`,
  );
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}

/**
 * The head in flat grey under a headlight (supersampled 2 x 2): geometry alone, no texture. The
 * textured renders carry the average face, registered by the fit's camera and identity (not its
 * expression); shading depends on no fit at all, but the detector finds few shaded faces.
 */
function renderShaded(model: HeadModel, params: HeadParams, camera: Camera): Image {
  const n = 2,
    big = camera.width * n;
  const mesh = evaluateHead(model, params);
  const raster = rasterizeMesh(mesh, {
    ...camera,
    width: big,
    height: camera.height * n,
    fx: camera.fx * n,
    fy: camera.fy * n,
    cx: camera.cx * n,
    cy: camera.cy * n,
  });
  const eye = cameraCentre(camera);
  const W = camera.width,
    H = camera.height,
    sums = new Float32Array(W * H);
  for (let q = 0; q < raster.triangle.length; q++) {
    const f = raster.triangle[q]!;
    if (f < 0) continue;
    const N = [0, 0, 0],
      P = [0, 0, 0];
    for (let k = 0; k < 3; k++) {
      const v = mesh.triangles[f * 3 + k]!,
        w = raster.barycentric[q * 3 + k]!;
      for (let a = 0; a < 3; a++) {
        N[a] = N[a]! + w * mesh.normals![v * 3 + a]!;
        P[a] = P[a]! + w * mesh.vertices[v * 3 + a]!;
      }
    }
    const L = [eye[0] - P[0]!, eye[1] - P[1]!, eye[2] - P[2]!];
    const shade =
      Math.abs(N[0]! * L[0]! + N[1]! * L[1]! + N[2]! * L[2]!) / (Math.hypot(...N) * Math.hypot(...L) || 1);
    const p = Math.floor(Math.floor(q / big) / n) * W + Math.floor((q % big) / n);
    sums[p] = sums[p]! + 0.15 + 0.75 * shade;
  }
  const data = new Uint8Array(W * H * 4);
  for (let p = 0; p < W * H; p++) {
    const g = Math.round((255 * sums[p]!) / (n * n));
    data[p * 4] = g;
    data[p * 4 + 1] = g;
    data[p * 4 + 2] = g;
    data[p * 4 + 3] = 255;
  }
  return { width: W, height: H, format: 'rgba8', data };
}

function meanPx(l: number, d: number[]): number {
  let s = 0;
  for (const smp of samples) {
    const { r } = projectJacobian(
      smp.camera,
      [0, 1, 2].map((a) => smp.truth[l * 3 + a]! + d[a]!),
      smp.detected[l * 2]!,
      smp.detected[l * 2 + 1]!,
    );
    s += Math.hypot(r[0]!, r[1]!);
  }
  return s / samples.length;
}

/** Residual (projection - observed) of a model-space point and its Jacobian [2, 3] (OpenCV camera). */
function projectJacobian(c: Camera, X: number[], u: number, v: number): { J: number[]; r: number[] } {
  const R = c.rotation,
    t = c.translation;
  const P = [0, 1, 2].map((i) => R[i * 3]! * X[0]! + R[i * 3 + 1]! * X[1]! + R[i * 3 + 2]! * X[2]! + t[i]!);
  const z = P[2]!;
  const r = [(c.fx * P[0]!) / z + c.cx - u, (c.fy * P[1]!) / z + c.cy - v];
  const du = [c.fx / z, 0, (-c.fx * P[0]!) / (z * z)],
    dv = [0, c.fy / z, (-c.fy * P[1]!) / (z * z)];
  const J: number[] = [];
  for (const dp of [du, dv])
    for (let j = 0; j < 3; j++) J.push(dp[0]! * R[j]! + dp[1]! * R[3 + j]! + dp[2]! * R[6 + j]!);
  return { J, r };
}

function solve3(A: Float64Array, b: Float64Array): number[] {
  const m = (i: number, j: number) => A[i * 3 + j]!;
  const det =
    m(0, 0) * (m(1, 1) * m(2, 2) - m(1, 2) * m(2, 1)) -
    m(0, 1) * (m(1, 0) * m(2, 2) - m(1, 2) * m(2, 0)) +
    m(0, 2) * (m(1, 0) * m(2, 1) - m(1, 1) * m(2, 0));
  const col = (k: number) => {
    const B = A.slice();
    for (let i = 0; i < 3; i++) B[i * 3 + k] = b[i]!;
    return B;
  };
  return [0, 1, 2].map((k) => {
    const B = col(k),
      n = (i: number, j: number) => B[i * 3 + j]!;
    return (
      (n(0, 0) * (n(1, 1) * n(2, 2) - n(1, 2) * n(2, 1)) -
        n(0, 1) * (n(1, 0) * n(2, 2) - n(1, 2) * n(2, 0)) +
        n(0, 2) * (n(1, 0) * n(2, 1) - n(1, 1) * n(2, 0))) /
      det
    );
  });
}

function readTable(): number[] {
  const m = /ICT_LANDMARK_OFFSETS_MM: readonly number\[\] = \[([^\]]*)\]/.exec(readFileSync(target, 'utf8'));
  return m
    ? m[1]!
        .split('\n')
        .map((line) => line.replace(/\/\/.*/, ''))
        .join('')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0)
        .map(Number)
    : [];
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * Makes the calibrated landmarks mirror-symmetric on the mean head (x -> -x): each pair's two
 * positions averaged with the other's mirror image, midline points put on the midline. The
 * detector's definitions and the mean head are symmetric; what is not is the per-frame detector
 * noise and the subjects' seeded identities, and an asymmetric table turns that noise into
 * one-sided expressions on every face (eyeLookIn_R, browDown_R on real photos).
 */
function symmetrize(offsets: Float64Array): void {
  const model = samplesModel!;
  const base = landmarkPositions(model, model.template);
  const at = (l: number) => [0, 1, 2].map((a) => base[l * 3 + a]! + offsets[l * 3 + a]!);
  const set = (l: number, p: number[]) => {
    for (let a = 0; a < 3; a++) offsets[l * 3 + a] = p[a]! - base[l * 3 + a]!;
  };
  const paired = new Set<number>();
  for (const [a, b] of IBUG68_MIRROR_PAIRS) {
    const pa = at(a),
      pb = at(b);
    const mean = [(pa[0]! - pb[0]!) / 2, (pa[1]! + pb[1]!) / 2, (pa[2]! + pb[2]!) / 2];
    set(a, mean);
    set(b, [-mean[0]!, mean[1]!, mean[2]!]);
    paired.add(a).add(b);
  }
  for (let l = 0; l < 68; l++) if (!paired.has(l)) set(l, [0, at(l)[1]!, at(l)[2]!]);
}
