import { describe, expect, it } from 'vitest';
import {
  evaluateHead,
  landmarkPositions,
  lookAtCamera,
  neutralHeadParams,
  projectPoint,
} from '@ffavatar/core/geometry';
import { type Camera, type HeadParams } from '@ffavatar/core';
import { ictModel } from '../test-support/ict-asset.js';
import { applyRefiner, fitLinearRefiner } from './linear-refiner.js';

describe('linear motion refiner on the ICT head', () => {
  const model = ictModel();
  const smileL = model.expressionNames.indexOf('mouthSmile_L'),
    smileR = model.expressionNames.indexOf('mouthSmile_R');
  const mouthCorners = [48, 54];
  // The subject smiles wider than ICT can: each smile weight pushes its mouth corner 6 mm further out.
  const extra = (expression: Float32Array, l: number) =>
    l === 48
      ? [-0.006 * expression[smileR]!, 0, 0]
      : l === 54
        ? [0.006 * expression[smileL]!, 0, 0]
        : [0, 0, 0];
  const observe = (params: HeadParams, cam: Camera) => {
    const lm = landmarkPositions(model, evaluateHead(model, params).vertices);
    const points = new Float32Array((lm.length / 3) * 2);
    for (let l = 0; l < lm.length / 3; l++) {
      const e = extra(params.expression, l);
      const [u, v] = projectPoint(cam, [lm[l * 3]! + e[0]!, lm[l * 3 + 1]! + e[1]!, lm[l * 3 + 2]! + e[2]!]);
      points[l * 2] = u;
      points[l * 2 + 1] = v;
    }
    return points;
  };
  const cam = lookAtCamera({
    eye: [0.05, 0.02, 0.6],
    target: [0, 0.02, 0],
    width: 512,
    height: 512,
    focal: 700,
  });
  const withSmile = (l: number, r: number) => {
    const p = neutralHeadParams(model);
    p.expression[smileL] = l;
    p.expression[smileR] = r;
    return p;
  };
  const cornerError = (refiner: Float32Array | undefined, params: HeadParams) => {
    const points = observe(params, cam);
    const v = evaluateHead(model, params).vertices;
    if (refiner) applyRefiner(v, refiner, params.expression);
    const lm = landmarkPositions(model, v);
    let sum = 0;
    for (const l of mouthCorners) {
      const [u, w] = projectPoint(cam, [lm[l * 3]!, lm[l * 3 + 1]!, lm[l * 3 + 2]!]);
      sum += Math.hypot(u - points[l * 2]!, w - points[l * 2 + 1]!);
    }
    return sum / mouthCorners.length;
  };

  it('learns the missing smile from photos with different smiles and predicts a new one', () => {
    const train = [withSmile(0, 0), withSmile(1, 1), withSmile(0.5, 0.2), withSmile(0.2, 0.8)];
    const refiner = fitLinearRefiner(
      model,
      train.map((params) => ({ camera: cam, params, points: observe(params, cam) })),
    );
    const heldOut = withSmile(0.7, 0.6);
    const before = cornerError(undefined, heldOut),
      after = cornerError(refiner, heldOut);
    console.log(
      `mouth-corner error on a held-out smile: ${before.toFixed(2)} px without the refiner, ${after.toFixed(2)} px with it`,
    );
    expect(before).toBeGreaterThan(4);
    expect(after).toBeLessThan(before * 0.4);
    // Neutral stays neutral, and the skull does not move.
    expect(cornerError(refiner, withSmile(0, 0))).toBeLessThan(0.05);
    const v = evaluateHead(model, heldOut).vertices,
      moved = Float32Array.from(v);
    applyRefiner(moved, refiner, heldOut.expression);
    for (const r of model.rigidVertices ?? [])
      for (let a = 0; a < 3; a++) expect(Math.abs(moved[r * 3 + a]! - v[r * 3 + a]!)).toBeLessThan(1e-4);
  });
});
