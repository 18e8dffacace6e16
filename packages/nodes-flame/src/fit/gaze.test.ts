import { describe, expect, it } from 'vitest';
import { projectPoint } from '@ffavatar/core/geometry';
import { MEDIAPIPE478, type HeadParams } from '@ffavatar/core';
import { ictModel } from '../test-support/ict-asset.js';
import { observe, posedVertices, subject, withDense } from '../test-support/landmark-subjects.js';
import { eyeLookWeights, measureGaze } from './gaze.js';
import { densePositions, mediapipeEmbedding } from './ict-mediapipe-embedding.js';

describe('gaze from the irises', () => {
  const model = ictModel();
  const s = subject(model, 1, 31);
  const params: HeadParams = {
    model: model.name,
    identity: s.identity,
    expression: s.expressions[0]!,
    rotation: new Float32Array(3),
    translation: new Float32Array(3),
  };
  const camera = s.cameras[0]!;
  const V = posedVertices(model, s, 0);
  const irisPoints = densePositions(model, mediapipeEmbedding(model)!, V);

  /** The dense points with each iris moved as the eye turned by (yaw, pitch) degrees would move it. */
  function looking(yaw: number, pitch: number): Float32Array {
    const dense = Float32Array.from(withDense(model, s, observe(model, s))[0]!.dense!.points);
    for (const [eye, region] of [
      [MEDIAPIPE478.eyes[0], 'eyeball_right'],
      [MEDIAPIPE478.eyes[1], 'eyeball_left'],
    ] as const) {
      const id = model.regionNames!.indexOf(region);
      const c = [0, 0, 0];
      let n = 0;
      for (let v = 0; v < model.vertexCount; v++)
        if (model.regions![v] === id) {
          for (let a = 0; a < 3; a++) c[a] = c[a]! + V[v * 3 + a]!;
          n++;
        }
      for (let a = 0; a < 3; a++) c[a] = c[a]! / n;
      const p = irisPoints.subarray(eye.iris * 3, eye.iris * 3 + 3);
      // Pitch about x (up = +y when looking along +z), then yaw about y (towards +x).
      let [x, y, z] = [p[0]! - c[0]!, p[1]! - c[1]!, p[2]! - c[2]!];
      const pr = (-pitch * Math.PI) / 180,
        yr = (yaw * Math.PI) / 180;
      [y, z] = [Math.cos(pr) * y! - Math.sin(pr) * z!, Math.sin(pr) * y! + Math.cos(pr) * z!];
      [x, z] = [Math.cos(yr) * x! + Math.sin(yr) * z!, -Math.sin(yr) * x! + Math.cos(yr) * z!];
      const [u, w] = projectPoint(camera, [c[0]! + x!, c[1]! + y!, c[2]! + z!]);
      dense[eye.iris * 2] = u;
      dense[eye.iris * 2 + 1] = w;
    }
    return dense;
  }

  it('reads zero at rest and the turn of a glance within a degree, both eyes', () => {
    const rest = measureGaze(model, params, camera, looking(0, 0))!;
    for (const eye of [rest.right, rest.left]) {
      expect(Math.abs(eye.yaw)).toBeLessThan(0.5);
      expect(Math.abs(eye.pitch)).toBeLessThan(0.5);
    }
    for (const [yaw, pitch] of [
      [15, 0],
      [-12, 8],
      [5, -10],
    ] as const) {
      const g = measureGaze(model, params, camera, looking(yaw, pitch))!;
      for (const eye of [g.right, g.left]) {
        expect(eye.yaw).toBeCloseTo(yaw, 0);
        expect(eye.pitch).toBeCloseTo(pitch, 0);
      }
    }
  });

  it("maps a look to the subject's left and down onto the ARKit eyeLook names", () => {
    // Both eyes get the mean (here yaw 17.5, pitch -10); 5 degrees of dead zone, full at 30.
    const w = eyeLookWeights({ right: { yaw: 15, pitch: -8 }, left: { yaw: 20, pitch: -12 } });
    expect(w.eyeLookOut_L).toBeCloseTo(0.5, 5);
    expect(w.eyeLookIn_R).toBeCloseTo(0.5, 5);
    expect(w.eyeLookIn_L).toBe(0);
    expect(w.eyeLookOut_R).toBe(0);
    expect(w.eyeLookDown_L).toBeCloseTo(0.2, 5);
    expect(w.eyeLookDown_R).toBeCloseTo(0.2, 5);
    expect(w.eyeLookUp_R).toBe(0);
    // A glance within the noise of an iris reading moves nothing.
    expect(
      Math.max(
        ...Object.values(eyeLookWeights({ right: { yaw: 4, pitch: -3 }, left: { yaw: 3, pitch: 4 } })),
      ),
    ).toBe(0);
  });
});
