import { describe, expect, it } from 'vitest';
import { seededRandom, type Avatar } from '@ffavatar/core';
import { allocateGaussianGradients } from '../raster/project-backward-cpu.js';
import { driveAvatarCpu } from './drive-cpu.js';
import { boundScene as scene } from './test-support/bound-scene.js';
import { allocateAvatarGradients, driveBackwardCpu } from './drive-backward-cpu.js';

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
