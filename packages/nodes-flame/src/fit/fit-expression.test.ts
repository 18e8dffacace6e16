import { describe, expect, it } from 'vitest';
import { ictModel } from '../test-support/ict-asset.js';
import { observe, subject } from '../test-support/landmark-subjects.js';
import { fitLandmarks } from './fit-landmarks.js';
import { defaultLandmarkOffsets } from './ict-landmark-offsets.js';

describe('expression priors', () => {
  const model = ictModel();

  it('a neutral face gives every expression weight below 0.2 (landmarks where the detector puts them, 1 px noise)', () => {
    // Landmarks at the calibrated positions (model vertex + the measured detector offset): what
    // the fit sees on a neutral face through the real detector, minus the detector's noise.
    const calibrated = defaultLandmarkOffsets(model);
    expect(calibrated.length).toBe(68 * 3);
    let worst = 0;
    for (const seed of [41, 43, 47]) {
      const s = subject(model, 2, seed);
      s.expressions = s.expressions.map(() => new Float32Array(model.expressionCount));
      const fit = fitLandmarks(model, observe(model, s, 1, seed, calibrated));
      for (const e of fit.expressions) worst = Math.max(worst, ...e);
      expect(fit.saturated.every((n) => n === 0)).toBe(true);
    }
    console.log(`neutral faces: largest expression weight ${worst.toFixed(3)}`);
    expect(worst).toBeLessThan(0.2);
  });

  it('still fits a real expression: jawOpen 0.6 and a smile come back above 0.35', () => {
    const s = subject(model, 1, 53);
    const e = new Float32Array(model.expressionCount);
    e[model.expressionNames.indexOf('jawOpen')] = 0.6;
    e[model.expressionNames.indexOf('mouthSmile_L')] = 0.7;
    e[model.expressionNames.indexOf('mouthSmile_R')] = 0.7;
    s.expressions = [e];
    const fit = fitLandmarks(model, observe(model, s, 0.5, 2, defaultLandmarkOffsets(model)));
    const got = (name: string) => fit.expressions[0]![model.expressionNames.indexOf(name)]!;
    console.log(
      `expressed face: jawOpen ${got('jawOpen').toFixed(2)}, smile ${got('mouthSmile_L').toFixed(2)} / ${got('mouthSmile_R').toFixed(2)}`,
    );
    expect(got('jawOpen')).toBeGreaterThan(0.35);
    expect(got('mouthSmile_L') + got('mouthSmile_R')).toBeGreaterThan(0.7);
  });
});
