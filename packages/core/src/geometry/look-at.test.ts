import { describe, expect, it } from 'vitest';
import { lookAtCamera, projectPoint } from './look-at.js';

describe('lookAtCamera', () => {
  it('looks down +z with image x right and y down for a world with +y up', () => {
    const cam = lookAtCamera({ eye: [0, 0, 3], target: [0, 0, 0], width: 100, height: 80, fovYDegrees: 60 });
    expect(projectPoint(cam, [0, 0, 0])).toEqual([50, 40, 3]);
    const [uRight] = projectPoint(cam, [1, 0, 0]);
    const [, vUp] = projectPoint(cam, [0, 1, 0]);
    expect(uRight).toBeGreaterThan(50);
    expect(vUp).toBeLessThan(40);
    const R = cam.rotation;
    const det =
      R[0]! * (R[4]! * R[8]! - R[5]! * R[7]!) -
      R[1]! * (R[3]! * R[8]! - R[5]! * R[6]!) +
      R[2]! * (R[3]! * R[7]! - R[4]! * R[6]!);
    expect(det).toBeCloseTo(1, 12);
  });

  it('puts the vertical field of view at the image edges', () => {
    const cam = lookAtCamera({ eye: [0, 0, 0], target: [0, 0, 1], width: 64, height: 64, fovYDegrees: 90 });
    expect(projectPoint(cam, [0, 1, 1])[1]).toBeCloseTo(0, 9);
  });
});
