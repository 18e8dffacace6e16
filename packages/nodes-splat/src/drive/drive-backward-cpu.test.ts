import { describe, expect, it } from 'vitest';
import { seededRandom, type Avatar, type Mesh } from '@ffavatar/core';
import { allocateGaussianGradients } from '../raster/project-backward-cpu.js';
import { driveAvatarCpu } from './drive-cpu.js';
import { allocateAvatarGradients, driveBackwardCpu } from './drive-backward-cpu.js';

// A small, curved, randomly posed mesh and Gaussians bound to it with random local parameters.
function scene(seed: number): { mesh: Mesh; avatar: Avatar } {
  const rnd = seededRandom(seed);
  const side = 4,
    verts: number[] = [],
    tris: number[] = [];
  for (let y = 0; y <= side; y++)
    for (let x = 0; x <= side; x++) verts.push(x * 0.1, y * 0.1, 0.05 * Math.sin(x + y) + 0.01 * rnd());
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      const i = y * (side + 1) + x;
      tris.push(i, i + 1, i + side + 1, i + 1, i + side + 2, i + side + 1);
    }
  const mesh: Mesh = {
    vertexCount: verts.length / 3,
    triangleCount: tris.length / 3,
    vertices: Float32Array.from(verts),
    triangles: Uint32Array.from(tris),
  };
  const n = 40;
  const bary = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const u = rnd(),
      v = rnd() * (1 - u);
    bary.set([1 - u - v, u, v], i * 3);
  }
  const avatar: Avatar = {
    headModel: 'test',
    identity: new Float32Array(0),
    count: n,
    shDegree: 1,
    triangle: Uint32Array.from({ length: n }, () => Math.floor(rnd() * mesh.triangleCount)),
    barycentric: bary,
    normalOffset: Float32Array.from({ length: n }, () => rnd() - 0.5),
    logScales: Float32Array.from({ length: n * 3 }, () => rnd() - 2),
    rotations: Float32Array.from({ length: n * 4 }, () => rnd() * 2 - 1),
    logitOpacities: Float32Array.from({ length: n }, () => rnd() * 4 - 2),
    sh: Float32Array.from({ length: n * 12 }, () => rnd() - 0.5),
  };
  return { mesh, avatar };
}

describe('driveBackwardCpu', () => {
  it('is the transpose of driveAvatarCpu for every parameter group (central differences)', () => {
    const { mesh, avatar } = scene(3);
    const rnd = seededRandom(9);
    const g = allocateGaussianGradients(avatar.count, avatar.shDegree);
    for (const a of [g.means, g.logScales, g.rotations, g.logitOpacities, g.sh])
      for (let i = 0; i < a.length; i++) a[i] = rnd() * 2 - 1;
    // L = <g, drive(avatar)>: its gradient is exactly the transpose applied to g.
    const L = (av: Avatar) => {
      const c = driveAvatarCpu(av, mesh, {
        count: av.count,
        shDegree: av.shDegree,
        means: new Float32Array(av.count * 3),
        logScales: new Float32Array(av.count * 3),
        rotations: new Float32Array(av.count * 4),
        logitOpacities: av.logitOpacities,
        sh: av.sh,
      });
      let s = 0;
      const pairs = [
        [c.means, g.means],
        [c.logScales, g.logScales],
        [c.rotations, g.rotations],
        [c.logitOpacities, g.logitOpacities],
        [c.sh, g.sh],
      ] as const;
      for (const [x, y] of pairs) for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
      return s;
    };
    const grad = driveBackwardCpu(avatar, mesh, g, allocateAvatarGradients(avatar.count, avatar.shDegree));
    const groups = ['barycentric', 'normalOffset', 'logScales', 'rotations', 'logitOpacities', 'sh'] as const;
    for (const name of groups) {
      const p = avatar[name];
      let worst = 0;
      for (let i = 0; i < p.length; i += 7) {
        const h = 1e-2,
          x0 = p[i]!;
        p[i] = x0 + h;
        const up = L(avatar);
        p[i] = x0 - h;
        const down = L(avatar);
        p[i] = x0;
        const fd = (up - down) / (2 * h);
        worst = Math.max(worst, Math.abs(fd - grad[name][i]!) / Math.max(1, Math.abs(fd)));
      }
      // The drive is affine in each group (given the frame), so only f32 rounding separates them.
      expect(worst, name).toBeLessThan(1e-4);
    }
  });

  it('adds into its output, so views sum', () => {
    const { mesh, avatar } = scene(4);
    const g = allocateGaussianGradients(avatar.count, avatar.shDegree);
    g.means.fill(0.5);
    g.sh.fill(1);
    const once = driveBackwardCpu(avatar, mesh, g, allocateAvatarGradients(avatar.count, avatar.shDegree));
    const twice = driveBackwardCpu(
      avatar,
      mesh,
      g,
      driveBackwardCpu(avatar, mesh, g, allocateAvatarGradients(avatar.count, avatar.shDegree)),
    );
    expect(twice.normalOffset[5]).toBeCloseTo(2 * once.normalOffset[5]!, 5);
    expect(twice.sh[3]).toBe(2);
  });
});
