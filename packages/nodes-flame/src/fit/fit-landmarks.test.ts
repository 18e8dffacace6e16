import { describe, expect, it } from 'vitest';
import { evaluateHead, landmarkPositions, projectPoint } from '@ffavatar/core/geometry';
import { type Camera } from '@ffavatar/core';
import { ictModel } from '../test-support/ict-asset.js';
import { headVertices, observe, subject } from '../test-support/landmark-subjects.js';
import { fitLandmarks } from './fit-landmarks.js';

describe('fitLandmarks on the ICT model', () => {
  const model = ictModel();
  // Exact synthetic landmarks: weak priors (the defaults are tuned for detected landmarks), and
  // no detector calibration (these landmarks are the model's own vertices).
  const none = new Float32Array(0);
  const exact = { identityPrior: 1, expressionPrior: 0.1, expressionSparsity: 0, landmarkOffsets: none };

  it('recovers cameras from exact landmarks: reprojection under 0.5 px over varied subjects', () => {
    const errors: number[] = [];
    const centreErrors: number[] = [];
    const centre = (c: Camera) =>
      [0, 1, 2].map(
        (j) =>
          -(
            c.rotation[j]! * c.translation[0]! +
            c.rotation[3 + j]! * c.translation[1]! +
            c.rotation[6 + j]! * c.translation[2]!
          ),
      );
    let ms = 0;
    for (const seed of [3, 5, 7, 11, 13, 17]) {
      const s = subject(model, 1, seed);
      const t0 = performance.now();
      const fit = fitLandmarks(model, observe(model, s), exact);
      ms += performance.now() - t0;
      errors.push(fit.errors[0]!);
      const [a, b] = [centre(fit.cameras[0]!), centre(s.cameras[0]!)];
      centreErrors.push(Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!));
    }
    errors.sort((x, y) => x - y);
    console.log(
      `1-image fits: errors ${errors.map((e) => e.toFixed(2)).join(', ')} px; camera centre errors ${centreErrors.map((e) => (e * 100).toFixed(1)).join(', ')} cm; ${(ms / 6).toFixed(0)} ms each`,
    );
    for (const e of errors) expect(e).toBeLessThan(0.5);
    // Depth trades against focal length and face size from one view: centres within 15 cm.
    for (const c of centreErrors) expect(c).toBeLessThan(0.15);
  });

  it('stays accurate with 1 px noise and shrugs off a few bad landmarks', () => {
    const s = subject(model, 1, 7);
    const obs = observe(model, s, 1, 9);
    for (const l of [20, 40, 50, 60]) obs[0]!.points[l * 2] = obs[0]!.points[l * 2]! + 40;
    const fit = fitLandmarks(model, obs, exact);
    const clean = observe(model, s)[0]!.points;
    const cam = fit.cameras[0]!;
    // Error against the noise-free truth on the landmarks we did not corrupt.
    const mesh = evaluateHead(model, {
      model: model.name,
      identity: fit.identity,
      expression: fit.expressions[0]!,
      rotation: new Float32Array(3),
      translation: new Float32Array(3),
    });
    const lm = landmarkPositions(model, mesh.vertices);
    let sum = 0,
      n = 0;
    for (let l = 17; l < 68; l++) {
      if ([20, 40, 50, 60].includes(l)) continue;
      const [u, v] = projectPoint(cam, [lm[l * 3]!, lm[l * 3 + 1]!, lm[l * 3 + 2]!]);
      sum += Math.hypot(u - clean[l * 2]!, v - clean[l * 2 + 1]!);
      n++;
    }
    console.log(
      'noisy fit: mean error vs clean truth',
      (sum / n).toFixed(2),
      'px; fit error',
      fit.errors[0]!.toFixed(2),
      'iterations',
      fit.iterations,
    );
    expect(sum / n).toBeLessThan(1.5);
  });

  it('recovers identity better from 8 images than from 1', () => {
    const s = subject(model, 8, 11);
    const obs = observe(model, s, 0.5, 4);
    const identityError = (fitted: Float32Array) => {
      // Compare shapes, not coefficients: neutral-expression landmark positions, in mm.
      const at = (identity: Float32Array) => landmarkPositions(model, headVertices(model, identity));
      const a = at(fitted),
        b = at(s.identity);
      let sum = 0;
      for (let i = 0; i < a.length; i += 3)
        sum += Math.hypot(a[i]! - b[i]!, a[i + 1]! - b[i + 1]!, a[i + 2]! - b[i + 2]!);
      return (sum / (a.length / 3)) * 1000;
    };
    const one = fitLandmarks(model, obs.slice(0, 1), exact);
    const t0 = performance.now();
    const eight = fitLandmarks(model, obs, exact);
    console.log(
      `fit 8 images: ${(performance.now() - t0).toFixed(0)} ms; identity error 1 image ${identityError(one.identity).toFixed(2)} mm, 8 images ${identityError(eight.identity).toFixed(2)} mm`,
    );
    expect(identityError(eight.identity)).toBeLessThan(identityError(one.identity));
    for (const e of eight.errors) expect(e).toBeLessThan(1.5);
  });
});
