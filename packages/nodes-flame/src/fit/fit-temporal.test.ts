import { describe, expect, it } from 'vitest';
import { ictModel } from '../test-support/ict-asset.js';
import { observe, subject } from '../test-support/landmark-subjects.js';
import { fitLandmarks } from './fit-landmarks.js';

describe('fitLandmarks on a video frame, from the previous one', () => {
  const model = ictModel();
  const none = new Float32Array(0);
  const s = subject(model, 2, 41);
  // Frame 1 is frame 0 again under fresh noise: any change of expression is flicker.
  s.expressions[1] = s.expressions[0]!;
  s.cameras[1] = s.cameras[0]!;
  const [first, second] = observe(model, s, 1.5, 3);
  const options = { landmarkOffsets: none, fitFocal: false, focalGuess: s.cameras[0]!.fx };
  const fit0 = fitLandmarks(model, [first!], options);
  const previous = { camera: fit0.cameras[0]!, expression: fit0.expressions[0]! };
  const change = (e: Float32Array) => e.reduce((sum, w, k) => sum + Math.abs(w - previous.expression[k]!), 0);

  it('flickers less with the pull towards the previous frame, at the same landmark error', () => {
    const alone = fitLandmarks(model, [second!], { ...options, identity: fit0.identity });
    const pulled = fitLandmarks(model, [second!], {
      ...options,
      identity: fit0.identity,
      previous: { ...previous, weight: 20 },
    });
    console.log(
      `expression change on a repeated frame: alone ${change(alone.expressions[0]!).toFixed(3)}, from the previous ${change(pulled.expressions[0]!).toFixed(3)}`,
    );
    expect(change(pulled.expressions[0]!)).toBeLessThan(0.8 * change(alone.expressions[0]!));
    expect(pulled.errors[0]!).toBeLessThan(alone.errors[0]! + 0.2);
  });

  it('holds the previous pose and expression through a frame with no landmarks (a lost frame)', () => {
    const lost = { ...second!, confidence: new Float32Array(68) };
    const held = fitLandmarks(model, [lost], {
      ...options,
      identity: fit0.identity,
      previous: { ...previous, weight: 20 },
    });
    expect(Array.from(held.cameras[0]!.translation)).toEqual(
      Array.from(previous.camera.translation, (v) => expect.closeTo(v, 6)),
    );
    // Held, not shrunk towards neutral by the priors alone.
    expect(Array.from(held.expressions[0]!)).toEqual(Array.from(previous.expression));
    expect(held.iterations).toBe(0);
  });
});
