// The viewer's only convention conversion (three.js camera -> our OpenCV world-to-camera Camera),
// held to core's lookAtCamera for the same eye, target and field of view.
import { lookAtCamera, projectPoint } from '@ffavatar/core/geometry';
import { PerspectiveCamera } from 'three';
import { describe, expect, it } from 'vitest';
import { cameraFromThree } from './three-camera.js';

describe('cameraFromThree', () => {
  it('equals lookAtCamera for the same eye, target, up and field of view, and projects alike', () => {
    const eye: [number, number, number] = [0.31, 0.12, 0.55],
      target: [number, number, number] = [0.01, 0.03, -0.02];
    const three = new PerspectiveCamera(30, 1, 0.01, 100);
    three.position.set(...eye);
    three.up.set(0, 1, 0);
    three.lookAt(...target);
    const ours = cameraFromThree(three, 256, 256);
    const ref = lookAtCamera({ eye, target, width: 256, height: 256, fovYDegrees: 30 });
    for (let i = 0; i < 9; i++) expect(ours.rotation[i]).toBeCloseTo(ref.rotation[i]!, 6);
    for (let i = 0; i < 3; i++) expect(ours.translation[i]).toBeCloseTo(ref.translation[i]!, 6);
    expect(ours.fx).toBeCloseTo(ref.fx, 6);
    const p: [number, number, number] = [0.05, 0.08, 0.02];
    const [u, v, z] = projectPoint(ours, p);
    const [ur, vr] = projectPoint(ref, p);
    expect(u).toBeCloseTo(ur, 4);
    expect(v).toBeCloseTo(vr, 4);
    expect(z).toBeGreaterThan(0);
    // A point above the target (world +y) lands above the image centre (OpenCV: smaller v).
    expect(projectPoint(ours, [target[0], target[1] + 0.05, target[2]])[1]).toBeLessThan(128);
  });
});
