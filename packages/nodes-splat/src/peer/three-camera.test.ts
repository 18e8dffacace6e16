import { lookAtCamera, projectPoint } from '@ffavatar/core/geometry';
import { type Camera } from '@ffavatar/core';
import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { seeded } from '../test-support/random-cloud.js';
import { toThreeCamera } from './three-camera.js';

/** Pixel coordinates of a world point through a three.js camera built the way the peer page builds it. */
function threeProject(cam: Camera, p: [number, number, number]): [number, number, number] {
  const c = toThreeCamera(cam, 0.01, 1000);
  const camera = new THREE.PerspectiveCamera(c.fovYDegrees, c.aspect, c.near, c.far);
  camera.position.fromArray(c.position);
  camera.quaternion.fromArray(c.quaternion);
  camera.updateMatrixWorld(true);
  camera.projectionMatrix.fromArray(c.projection);
  const view = new THREE.Vector3(...p).applyMatrix4(camera.matrixWorldInverse);
  const ndc = view.clone().applyMatrix4(camera.projectionMatrix);
  return [((ndc.x + 1) / 2) * cam.width, ((1 - ndc.y) / 2) * cam.height, -view.z];
}

describe('toThreeCamera (OpenCV camera -> three.js)', () => {
  it('projects world points to the same pixels and depth as projectPoint, for any pose and intrinsics', () => {
    const rand = seeded(3);
    for (let k = 0; k < 20; k++) {
      const eye: [number, number, number] = [rand() * 6 - 3, rand() * 6 - 3, rand() * 6 - 3];
      const base = lookAtCamera({
        eye,
        target: [rand() - 0.5, rand() - 0.5, rand() - 0.5],
        up: [rand() - 0.5, 1, rand() - 0.5],
        width: 320,
        height: 240,
        fovYDegrees: 30 + 40 * rand(),
      });
      // Off-centre principal point and non-square pixels too (the projection matrix carries both).
      const cam: Camera =
        k % 2 ? base : { ...base, fx: base.fx * 1.2, cx: base.cx + 17.5, cy: base.cy - 9.25 };
      for (let i = 0; i < 10; i++) {
        const p: [number, number, number] = [rand() - 0.5, rand() - 0.5, rand() - 0.5];
        const [u, v, z] = projectPoint(cam, p);
        if (z <= 0.05) continue;
        const [tu, tv, tz] = threeProject(cam, p);
        expect(tu).toBeCloseTo(u, 6);
        expect(tv).toBeCloseTo(v, 6);
        expect(tz).toBeCloseTo(z, 9);
      }
    }
  });

  it('gives the PerspectiveCamera fovY and aspect that reproduce the matrix for a centred principal point', () => {
    const cam = lookAtCamera({
      eye: [0.9, -0.7, -2.6],
      target: [0, 0, 0],
      width: 320,
      height: 240,
      fovYDegrees: 40,
    });
    const c = toThreeCamera(cam, 0.01, 1000);
    expect(c.fovYDegrees).toBeCloseTo(40, 10);
    expect(c.aspect).toBeCloseTo(4 / 3, 12);
    const camera = new THREE.PerspectiveCamera(c.fovYDegrees, c.aspect, c.near, c.far);
    camera.updateProjectionMatrix();
    camera.projectionMatrix.elements.forEach((e, i) => expect(e).toBeCloseTo(c.projection[i]!, 10));
  });
});
