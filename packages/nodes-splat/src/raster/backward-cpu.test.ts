import { describe, expect, it } from 'vitest';
import { seededRandom, type Camera } from '@ffavatar/core';
import {
  rasterizeBackwardCpu,
  rasterizeForwardCpu,
  rasterizeForwardCpu64,
  type RasterGradients,
} from './backward-cpu.js';
import { allocateGaussianGradients, rotationTangentGradient } from './project-backward-cpu.js';
import { FOV_CLAMP } from './project-cpu.js';
import { rasterizeCpu } from './rasterize-cpu.js';
import { cloneCamera, cloneCloud64, gradientScene, type Cloud64 } from './test-support/gradient-scenes.js';

const BACKGROUND: [number, number, number] = [0.2, 0.45, 0.7];
const H = 1e-6;

/** L = sum(w * rgba): dL/d rgba = w (random per pixel and channel, alpha included). */
function weights(n: number, seed: number): Float64Array {
  const rand = seededRandom(seed);
  return Float64Array.from({ length: n }, () => rand() * 2 - 1);
}
function loss(cloud: Cloud64, cam: Camera, w: Float64Array): number {
  const { rgba } = rasterizeForwardCpu64(cloud, cam, { background: BACKGROUND }).targets;
  let s = 0;
  for (let i = 0; i < rgba.length; i++) s += w[i]! * rgba[i]!;
  return s;
}

interface GroupCheck {
  maxRel: number;
  checked: number;
  maxAbsSmall: number;
  scale: number;
}

/**
 * Central differences vs analytic: relative error over the entries whose gradient is not tiny
 * (above 1e-3 of the group's largest), absolute error (relative to that largest) over the rest.
 */
function compare(analytic: ArrayLike<number>, numeric: ArrayLike<number>): GroupCheck {
  let scale = 0;
  for (let i = 0; i < numeric.length; i++) scale = Math.max(scale, Math.abs(numeric[i]!));
  let maxRel = 0,
    checked = 0,
    maxAbsSmall = 0;
  for (let i = 0; i < numeric.length; i++) {
    const a = analytic[i]!,
      n = numeric[i]!;
    if (Math.abs(n) > 1e-3 * scale && Math.abs(n) > 1e-9) {
      maxRel = Math.max(maxRel, Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n)));
      checked++;
    } else {
      maxAbsSmall = Math.max(maxAbsSmall, Math.abs(a - n) / (scale || 1));
    }
  }
  return { maxRel, checked, maxAbsSmall, scale };
}

function fdArray(arr: Float64Array, f: () => number): Float64Array {
  const out = new Float64Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const x = arr[i]!;
    arr[i] = x + H;
    const lp = f();
    arr[i] = x - H;
    const lm = f();
    arr[i] = x;
    out[i] = (lp - lm) / (2 * H);
  }
  return out;
}

function fdScalar(cam: Camera, key: 'fx' | 'fy' | 'cx' | 'cy', f: (c: Camera) => number): number {
  const p = cloneCamera(cam),
    m = cloneCamera(cam);
  p[key] += H;
  m[key] -= H;
  return (f(p) - f(m)) / (2 * H);
}

function analytic(cloud: Cloud64, cam: Camera, w: Float64Array): RasterGradients<Float64Array> {
  const fwd = rasterizeForwardCpu64(cloud, cam, { background: BACKGROUND });
  return rasterizeBackwardCpu(
    fwd,
    w,
    allocateGaussianGradients(cloud.count, cloud.shDegree, (n) => new Float64Array(n)),
  );
}

const report: Record<string, Record<string, number>> = {};

describe('rasterizeBackwardCpu against central differences (f64)', () => {
  for (const degree of [0, 1, 2, 3]) {
    it(`every parameter group and the camera, SH degree ${degree}`, () => {
      const { cloud, cam } = gradientScene(degree, 11 + degree);
      const w = weights(cam.width * cam.height * 4, 5 + degree);
      const fwd = rasterizeForwardCpu64(cloud, cam, { background: BACKGROUND });

      // The scene exercises what the gradient must respect: early stop, alpha clamp, FOV clamp,
      // Gaussians over several tiles and partly off the image.
      const { projected, saved, lists } = fwd;
      let earlyStopped = 0,
        clamped = 0,
        fovClamped = 0,
        multiTile = 0;
      for (let pix = 0; pix < cam.width * cam.height; pix++) {
        const tx = Math.floor((pix % cam.width) / 16),
          ty = Math.floor(pix / cam.width / 16);
        const tile = ty * lists.tilesX + tx;
        if (
          saved.contributors[pix]! < lists.offsets[tile + 1]! - lists.offsets[tile]! &&
          saved.transmittance[pix]! < 1e-3
        )
          earlyStopped++;
      }
      const limX = (FOV_CLAMP * 0.5 * cam.width) / cam.fx;
      for (let i = 0; i < cloud.count; i++) {
        if (projected.radius[i]! <= 0) continue;
        if (projected.opacity[i]! > 0.99) clamped++;
        if (Math.abs((projected.uv[i * 2]! - cam.cx) / cam.fx) > limX) fovClamped++;
        let tiles = 0;
        for (let t = 0; t < lists.tilesX * lists.tilesY; t++)
          for (let s = lists.offsets[t]!; s < lists.offsets[t + 1]!; s++) if (lists.ids[s] === i) tiles++;
        if (tiles > 1) multiTile++;
      }
      expect(earlyStopped).toBeGreaterThan(0);
      expect(clamped).toBeGreaterThan(0);
      expect(fovClamped).toBe(1);
      expect(multiTile).toBeGreaterThan(2);

      const g = analytic(cloud, cam, w);
      const groups: Record<string, GroupCheck> = {};
      const work = cloneCloud64(cloud);
      const f = () => loss(work, cam, w);
      groups.means = compare(g.gaussians.means, fdArray(work.means, f));
      groups.logScales = compare(g.gaussians.logScales, fdArray(work.logScales, f));
      groups.rotations = compare(g.gaussians.rotations, fdArray(work.rotations, f));
      groups.logitOpacities = compare(g.gaussians.logitOpacities, fdArray(work.logitOpacities, f));
      groups[`sh${degree}`] = compare(g.gaussians.sh, fdArray(work.sh, f));
      const camWork = cloneCamera(cam);
      const fc = () => loss(cloud, camWork, w);
      groups.camRotation = compare(g.camera.rotation, fdArray(camWork.rotation as Float64Array, fc));
      groups.camTranslation = compare(g.camera.translation, fdArray(camWork.translation as Float64Array, fc));
      const fcam = (c: Camera) => loss(cloud, c, w);
      groups.focal = compare(
        [g.camera.fx, g.camera.fy],
        [fdScalar(cam, 'fx', fcam), fdScalar(cam, 'fy', fcam)],
      );
      groups.principalPoint = compare(
        [g.camera.cx, g.camera.cy],
        [fdScalar(cam, 'cx', fcam), fdScalar(cam, 'cy', fcam)],
      );

      report[`SH ${degree}`] = Object.fromEntries(
        Object.entries(groups).map(([k, v]) => [k, Number(v.maxRel.toExponential(2))]),
      );
      for (const [name, c] of Object.entries(groups)) {
        expect(c.checked, name).toBeGreaterThan(0);
        expect(c.maxRel, name).toBeLessThanOrEqual(1e-3);
        expect(c.maxAbsSmall, name).toBeLessThanOrEqual(1e-3);
      }
    });
  }

  it('the rotation tangent gradient matches a left-multiplied rotation step', () => {
    const { cloud, cam } = gradientScene(1, 3);
    const w = weights(cam.width * cam.height * 4, 9);
    const g = analytic(cloud, cam, w);
    const tangent = rotationTangentGradient(cam.rotation, g.camera.rotation);
    const numeric = [0, 1, 2].map((axis) => {
      const at = (h: number) => {
        const c = cloneCamera(cam);
        const wv = [0, 0, 0];
        wv[axis] = h;
        // exp([w]x) to first order plus the second-order term, enough for a central difference.
        const K = [0, -wv[2]!, wv[1]!, wv[2]!, 0, -wv[0]!, -wv[1]!, wv[0]!, 0];
        const E = new Float64Array(9);
        for (let i = 0; i < 3; i++)
          for (let j = 0; j < 3; j++) {
            let kk = 0;
            for (let l = 0; l < 3; l++) kk += K[i * 3 + l]! * K[l * 3 + j]!;
            E[i * 3 + j] = (i === j ? 1 : 0) + K[i * 3 + j]! + 0.5 * kk;
          }
        for (let i = 0; i < 3; i++)
          for (let j = 0; j < 3; j++) {
            let s = 0;
            for (let l = 0; l < 3; l++) s += E[i * 3 + l]! * cam.rotation[l * 3 + j]!;
            c.rotation[i * 3 + j] = s;
          }
        return loss(cloud, c, w);
      };
      return (at(H) - at(-H)) / (2 * H);
    });
    const c = compare(tangent, numeric);
    expect(c.maxRel).toBeLessThanOrEqual(1e-3);
  });

  it("the f32 frame (rasterizeCpu's pixels) and its backward agree loosely with f64", () => {
    const { cloud, cam } = gradientScene(3, 14);
    const w = weights(cam.width * cam.height * 4, 8);
    const f32 = {
      ...cloud,
      means: Float32Array.from(cloud.means),
      logScales: Float32Array.from(cloud.logScales),
      rotations: Float32Array.from(cloud.rotations),
      logitOpacities: Float32Array.from(cloud.logitOpacities),
      sh: Float32Array.from(cloud.sh),
    };
    const fwd32 = rasterizeForwardCpu(f32, cam, { background: BACKGROUND });
    // The saved-state forward draws rasterizeCpu's pixels bit for bit.
    expect(Array.from(fwd32.targets.rgba)).toEqual(
      Array.from(rasterizeCpu(f32, cam, { background: BACKGROUND }).rgba),
    );
    const g32 = rasterizeBackwardCpu(fwd32, Float32Array.from(w));
    const g64 = analytic(cloud, cam, w);
    const rel: Record<string, number> = {};
    for (const key of ['means', 'logScales', 'rotations', 'logitOpacities', 'sh'] as const) {
      const a = g32.gaussians[key],
        b = g64.gaussians[key];
      let scale = 0,
        err = 0;
      for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
      for (let i = 0; i < b.length; i++) err = Math.max(err, Math.abs(a[i]! - b[i]!));
      rel[key] = err / scale;
      expect(err / scale, key).toBeLessThan(1e-4);
    }
    let camErr = 0,
      camScale = 0;
    for (let i = 0; i < 9; i++) {
      camErr = Math.max(camErr, Math.abs(g32.camera.rotation[i]! - g64.camera.rotation[i]!));
      camScale = Math.max(camScale, Math.abs(g64.camera.rotation[i]!));
    }
    rel.camRotation = camErr / camScale;
    expect(camErr / camScale).toBeLessThan(1e-4);
    report['f32 vs f64 (max abs / group max)'] = Object.fromEntries(
      Object.entries(rel).map(([k, v]) => [k, Number(v.toExponential(2))]),
    );
    console.log(JSON.stringify(report, null, 1));
  });

  it('rejects a gradient image of the wrong size', () => {
    const { cloud, cam } = gradientScene(0, 1);
    const fwd = rasterizeForwardCpu64(cloud, cam);
    expect(() => rasterizeBackwardCpu(fwd, new Float32Array(10))).toThrow(/expected 32 x 24 x 4/);
  });
});
