import { describe, expect, it } from 'vitest';
import { cameraCentre } from './camera.js';
import { lookAtCamera } from './look-at.js';

describe('cameraCentre', () => {
  it('is the eye of a look-at camera', () => {
    const eye: [number, number, number] = [0.3, -0.1, 0.6];
    const c = cameraCentre(lookAtCamera({ eye, target: [0, 0, 0], width: 64, height: 48 }));
    c.forEach((v, k) => expect(v).toBeCloseTo(eye[k]!, 12));
  });
});
