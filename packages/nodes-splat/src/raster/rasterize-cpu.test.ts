import { describe, expect, it } from 'vitest';
import { lookAtCamera } from '@ffavatar/core/geometry';
import { type GaussianCloud } from '@ffavatar/core';
import { randomCloud } from '../test-support/random-cloud.js';
import { DILATION } from './project-cpu.js';
import { rasterizeCpu } from './rasterize-cpu.js';
import { SH_C0 } from '@ffavatar/core/geometry';

/** One Gaussian with DC colour `rgb` (degree 0). */
function single(
  mean: [number, number, number],
  scale: number,
  opacity: number,
  rgb: [number, number, number],
): GaussianCloud {
  return {
    count: 1,
    shDegree: 0,
    means: new Float32Array(mean),
    logScales: new Float32Array([Math.log(scale), Math.log(scale), Math.log(scale)]),
    rotations: new Float32Array([1, 0, 0, 0]),
    logitOpacities: new Float32Array([Math.log(opacity / (1 - opacity))]),
    sh: new Float32Array(rgb.map((c) => (c - 0.5) / SH_C0)),
  };
}

function concat(a: GaussianCloud, b: GaussianCloud): GaussianCloud {
  const cat = (x: Float32Array, y: Float32Array) => {
    const o = new Float32Array(x.length + y.length);
    o.set(x);
    o.set(y, x.length);
    return o;
  };
  return {
    count: a.count + b.count,
    shDegree: a.shDegree,
    means: cat(a.means, b.means),
    logScales: cat(a.logScales, b.logScales),
    rotations: cat(a.rotations, b.rotations),
    logitOpacities: cat(a.logitOpacities, b.logitOpacities),
    sh: cat(a.sh, b.sh),
  };
}

const W = 64,
  H = 48;
const cam = lookAtCamera({ eye: [0, 0, 3], target: [0, 0, 0], width: W, height: H, fovYDegrees: 40 });

describe('rasterizeCpu', () => {
  it('renders a single isotropic Gaussian with the analytic 2D profile', () => {
    const s = 0.3,
      opacity = 0.8;
    const { rgba } = rasterizeCpu(single([0, 0, 0], s, opacity, [1, 1, 1]), cam);
    const sigma2 = ((cam.fx * s) / 3) ** 2 + DILATION;
    let checked = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const dx = x + 0.5 - W / 2,
          dy = y + 0.5 - H / 2;
        const alpha = Math.min(0.99, opacity * Math.exp((-0.5 * (dx * dx + dy * dy)) / sigma2));
        const got = rgba[(y * W + x) * 4 + 3]!;
        if (alpha >= 1 / 255 && dx * dx + dy * dy < 9 * sigma2) {
          expect(got).toBeCloseTo(alpha, 5);
          expect(rgba[(y * W + x) * 4]!).toBeCloseTo(alpha, 5); // white over black
          checked++;
        } else if (alpha < 1 / 255) {
          expect(got).toBe(0);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('follows OpenCV image axes: world +x to the right, +y up for a camera in front', () => {
    const { rgba } = rasterizeCpu(single([0.4, 0.3, 0], 0.03, 0.9, [1, 0, 0]), cam);
    let sx = 0,
      sy = 0,
      sw = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const a = rgba[(y * W + x) * 4 + 3]!;
        sx += a * x;
        sy += a * y;
        sw += a;
      }
    expect(sx / sw).toBeGreaterThan(W / 2);
    expect(sy / sw).toBeLessThan(H / 2);
  });

  it('blends front to back: the near Gaussian hides the far one', () => {
    const near = single([0, 0, 0.5], 0.3, 0.99, [1, 0, 0]);
    const far = single([0, 0, -0.5], 0.3, 0.99, [0, 0, 1]);
    for (const cloud of [concat(near, far), concat(far, near)]) {
      const { rgba, depth } = rasterizeCpu(cloud, cam, { background: [0, 1, 0] });
      const c = ((H / 2) * W + W / 2) * 4;
      expect(rgba[c]!).toBeGreaterThan(0.95);
      expect(rgba[c + 2]!).toBeLessThan(0.02);
      expect(depth[(H / 2) * W + W / 2]!).toBeCloseTo(2.5, 1);
      expect(rgba[1]!).toBe(1); // the corner shows the background
      expect(depth[0]).toBe(Infinity);
    }
  });

  it('renders random SH-degree-3 scenes to finite, bounded pixels', () => {
    const { rgba } = rasterizeCpu(randomCloud(2000, 3, 7, { center: [0, 0, 0] }), cam);
    for (const v of rgba) expect(Number.isFinite(v)).toBe(true);
    let covered = 0;
    for (let i = 3; i < rgba.length; i += 4) {
      expect(rgba[i]!).toBeLessThanOrEqual(1);
      if (rgba[i]! > 0.5) covered++;
    }
    expect(covered).toBeGreaterThan(W * H * 0.1);
  });

  it('culls Gaussians behind the camera', () => {
    const { rgba } = rasterizeCpu(single([0, 0, 4], 0.5, 0.99, [1, 1, 1]), cam);
    expect(rgba.every((v, i) => i % 4 !== 3 || v === 0)).toBe(true);
  });
});
