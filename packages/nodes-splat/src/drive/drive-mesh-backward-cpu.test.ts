import { describe, expect, it } from 'vitest';
import { seededRandom, type Mesh } from '@ffavatar/core';
import { allocateGaussianGradients } from '../raster/project-backward-cpu.js';
import { driveAvatarCpu } from './drive-cpu.js';
import { driveMeshBackwardCpu } from './drive-mesh-backward-cpu.js';
import { boundScene } from './test-support/bound-scene.js';

describe('driveMeshBackwardCpu', () => {
  const { mesh, avatar } = boundScene(3);
  const rnd = seededRandom(9);
  const g = allocateGaussianGradients(avatar.count, avatar.shDegree);
  for (const a of [g.means, g.logScales, g.rotations])
    for (let i = 0; i < a.length; i++) a[i] = rnd() * 2 - 1;
  // L = <g, drive(mesh)>, in f64 from the f32 drive.
  const L = (m: Mesh) => {
    const c = driveAvatarCpu(avatar, m);
    let s = 0;
    for (const [x, y] of [
      [c.means, g.means],
      [c.logScales, g.logScales],
      [c.rotations, g.rotations],
    ] as const)
      for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
    return s;
  };

  it('is the transpose of driveAvatarCpu in the vertices (central differences through the frames)', () => {
    const grad = driveMeshBackwardCpu(avatar, mesh, g, new Float64Array(mesh.vertexCount * 3));
    const V = mesh.vertices;
    let worst = 0,
      checked = 0;
    for (let k = 0; k < V.length; k++) {
      const x0 = V[k]!;
      // Richardson: O(h^4) truncation, so h can stay large against the f32 rounding of the drive.
      const at = (d: number) => {
        V[k] = x0 + d;
        const l = L(mesh);
        V[k] = x0;
        return l;
      };
      const h = 2e-3;
      const fd = (8 * (at(h / 2) - at(-h / 2)) - (at(h) - at(-h))) / (6 * h);
      if (Math.abs(fd) < 1e-3) continue;
      checked++;
      worst = Math.max(worst, Math.abs(fd - grad[k]!) / Math.abs(fd));
    }
    expect(checked).toBeGreaterThan(V.length / 2);
    expect(worst).toBeLessThan(1e-3);
  });

  it('adds into its output and names the sizes it refuses', () => {
    const once = driveMeshBackwardCpu(avatar, mesh, g, new Float64Array(mesh.vertexCount * 3));
    const twice = driveMeshBackwardCpu(avatar, mesh, g, once.slice());
    expect(twice[4]).toBeCloseTo(2 * once[4]!, 8);
    // A reused scratch gives the same, call after call.
    const scratch = new Float64Array(mesh.triangleCount * 8);
    for (let k = 0; k < 2; k++)
      expect(
        driveMeshBackwardCpu(avatar, mesh, g, new Float64Array(mesh.vertexCount * 3), undefined, scratch),
      ).toEqual(once);
    expect(() => driveMeshBackwardCpu(avatar, mesh, g, new Float64Array(3))).toThrow(/3 values, the mesh 75/);
  });
});
