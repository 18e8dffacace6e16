import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { evaluateHead, landmarkPositions, neutralHeadParams, projectPoint } from '@ffavatar/core/geometry';
import { type Camera, type HeadModel } from '@ffavatar/core';
import { fitLandmarks } from '@ffavatar/nodes-flame';

type FitOptions = NonNullable<Parameters<typeof fitLandmarks>[2]>;
type Observation = Parameters<typeof fitLandmarks>[1][number];
import { detectLandmarks, makeSubject, renderFrame, type Frame } from './subject.js';
import { HELD_OUT_EXPRESSIONS, HELD_OUT_VIEWS, trainingShots } from './views.js';

/**
 * `node tools/dist/eval/track-check.js [--k 16] [--cache /tmp/lm.json]`: the eval's --track
 * frames (K training views + the held-out ones), detected once (cached in a file, since detection
 * is most of the time) and fitted, against the truth: focal length, camera depth, rotation,
 * identity (mean vertex error of the neutral head, mm), saturated expression weights, and the
 * detector's per-landmark offset from the model's own landmark vertices under the true cameras.
 * What `pnpm eval --track` loses, taken apart.
 */
const { values } = parseArgs({
  options: {
    k: { type: 'string', default: '16' },
    size: { type: 'string', default: '256' },
    cache: { type: 'string' },
    offsets: { type: 'boolean', default: false },
  },
});
const K = Number(values.k),
  size = Number(values.size);
const subject = await makeSubject({ textureSize: 256 });
const { model } = subject;
const frames: Frame[] = [...trainingShots(K), ...HELD_OUT_VIEWS, ...HELD_OUT_EXPRESSIONS].map((s) =>
  renderFrame(subject, s, size),
);
const cached: Record<string, number[]> =
  values.cache && existsSync(values.cache) ? JSON.parse(readFileSync(values.cache, 'utf8')) : {};
const observations: Observation[] = [];
for (const fr of frames) {
  const key = `${size}:${fr.shot.label}`;
  if (!cached[key]) cached[key] = Array.from(await detectLandmarks(fr.image, { detector: 'ssd' }));
  observations.push({ width: size, height: size, points: Float32Array.from(cached[key]) });
}
if (values.cache) writeFileSync(values.cache, JSON.stringify(cached));

const centre = (c: Camera) =>
  [0, 1, 2].map(
    (j) =>
      -(
        c.rotation[j]! * c.translation[0]! +
        c.rotation[3 + j]! * c.translation[1]! +
        c.rotation[6 + j]! * c.translation[2]!
      ),
  );
const neutral = (identity: Float32Array) =>
  evaluateHead(model, { ...neutralHeadParams(model), identity }).vertices;
const truthShape = neutral(subject.identity);
const identityMm = (identity: Float32Array) => {
  const v = neutral(identity);
  let s = 0;
  for (let i = 0; i < v.length; i += 3)
    s += Math.hypot(v[i]! - truthShape[i]!, v[i + 1]! - truthShape[i + 1]!, v[i + 2]! - truthShape[i + 2]!);
  return (s / (v.length / 3)) * 1000;
};

function report(name: string, opts: FitOptions): void {
  const t0 = performance.now();
  const fit = fitLandmarks(model, observations, opts);
  const ms = performance.now() - t0;
  const f = fit.cameras.map((c) => c.fx);
  const depth = fit.cameras.map(
    (c, i) => Math.hypot(...centre(c)) - Math.hypot(...centre(frames[i]!.camera)),
  );
  const sat = fit.expressions.map((e) => e.filter((w) => w > 0.5).length);
  const maxW = fit.expressions.map((e) => Math.max(...e));
  const err = fit.errors.reduce((a, b) => a + b, 0) / fit.errors.length;
  console.log(
    `${name.padEnd(28)} focal ${Math.min(...f).toFixed(0)}-${Math.max(...f).toFixed(0)} (true ${frames[0]!.camera.fx.toFixed(0)})` +
      ` depth err mean ${(mean(depth.map(Math.abs)) * 100).toFixed(1)} cm, identity ${identityMm(fit.identity).toFixed(2)} mm (mean head ${identityMm(new Float32Array(model.identityCount)).toFixed(2)})` +
      ` reproj ${err.toFixed(2)} px, saturated ${mean(sat).toFixed(1)}/frame (neutral frames ${mean(sat.filter((_, i) => Object.keys(frames[i]!.shot.expression).length === 0)).toFixed(1)}), max w ${mean(maxW).toFixed(2)}, ${ms.toFixed(0)} ms`,
  );
  const fo = fit.focal[0]!;
  console.log(
    `   focal ${fo.focal.toFixed(0)} px (${fo.focal35mm.toFixed(0)} mm equiv) sigma ${fo.sigma.toFixed(3)} [${fo.low.toFixed(0)}, ${fo.high.toFixed(0)}] prior ${fo.prior}; iterations ${fit.iterations}`,
  );
}

report('default', {});
if (process.env.FIT_OPTS) report('env', JSON.parse(process.env.FIT_OPTS) as FitOptions);
report('true focal, fixed', { focalGuess: frames[0]!.camera.fx, fitFocal: false });
report('true focal, fitted', { focalGuess: frames[0]!.camera.fx });

if (values.offsets) landmarkOffsets(model);

/** Detector minus the model's landmark vertices projected by the true camera, per landmark (px), neutral frames. */
function landmarkOffsets(m: HeadModel): void {
  const sums = new Float64Array(68 * 2);
  let n = 0;
  frames.forEach((fr, i) => {
    if (Object.keys(fr.shot.expression).length > 0 || Math.abs(fr.shot.yaw) > 20) return;
    const lm = landmarkPositions(m, evaluateHead(m, fr.params).vertices);
    for (let l = 0; l < 68; l++) {
      const [u, v] = projectPoint(fr.camera, [lm[l * 3]!, lm[l * 3 + 1]!, lm[l * 3 + 2]!]);
      sums[l * 2] = sums[l * 2]! + observations[i]!.points[l * 2]! - u;
      sums[l * 2 + 1] = sums[l * 2 + 1]! + observations[i]!.points[l * 2 + 1]! - v;
    }
    n++;
  });
  console.log(`detector - model landmark (px at ${size}, mean of ${n} near-frontal neutral frames):`);
  const rows = [];
  for (let l = 0; l < 68; l++)
    rows.push(`${l}:${(sums[l * 2]! / n).toFixed(1)},${(sums[l * 2 + 1]! / n).toFixed(1)}`);
  console.log(rows.join(' '));
}

function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}
