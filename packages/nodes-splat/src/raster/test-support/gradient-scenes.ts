import { seededRandom, type Camera } from '@ffavatar/core';
import { lookAtCamera } from '@ffavatar/core/geometry';
import type { GaussianArrays } from '../projected.js';

/** A GaussianArrays in f64 (the finite-difference checks perturb it below f32 resolution). */
export interface Cloud64 extends GaussianArrays {
  means: Float64Array;
  logScales: Float64Array;
  rotations: Float64Array;
  logitOpacities: Float64Array;
  sh: Float64Array;
}

export function cloneCloud64(c: Cloud64): Cloud64 {
  return {
    ...c,
    means: c.means.slice(),
    logScales: c.logScales.slice(),
    rotations: c.rotations.slice(),
    logitOpacities: c.logitOpacities.slice(),
    sh: c.sh.slice(),
  };
}

export function cloneCamera(c: Camera): Camera {
  return { ...c, rotation: Float64Array.from(c.rotation), translation: Float64Array.from(c.translation) };
}

/**
 * A small, deliberately awkward scene for gradient checks, seeded: Gaussians that overlap and
 * straddle tile borders (32 x 24 px: 2 x 2 tiles, the lower row partial), one partly off the
 * image, one off-screen beyond FOV_CLAMP whose skirt still reaches in (the clamped Jacobian path),
 * a stack of five opaque ones (alpha clamped at 0.99 where the first is centred on a pixel, and
 * the last ones stopped early by T_MIN),
 * unnormalised quaternions and anisotropic scales, SH up to `shDegree`.
 */
export function gradientScene(
  shDegree: number,
  seed: number,
  opts: { width?: number; height?: number; random?: number } = {},
): { cloud: Cloud64; cam: Camera } {
  const width = opts.width ?? 32,
    height = opts.height ?? 24;
  const cam = lookAtCamera({ eye: [0.35, -0.25, 3], target: [0, 0, 0], width, height, fovYDegrees: 40 });
  // A non-square pixel and an off-centre principal point, so fx, fy, cx, cy are distinct parameters.
  cam.fx *= 1.07;
  cam.cx += 0.7;
  cam.cy -= 0.4;
  const rand = seededRandom(seed);
  const k = (shDegree + 1) ** 2;
  // Camera-space placements (x/z, y/z, z, sigma in metres, logit opacity), turned into world points.
  const placed: [number, number, number, number, number][] = [];
  const nRandom = opts.random ?? 6;
  for (let i = 0; i < nRandom; i++) {
    placed.push([
      (rand() - 0.5) * 0.5,
      (rand() - 0.5) * 0.4,
      2.6 + rand() * 0.8,
      0.06 + rand() * 0.12,
      (rand() - 0.4) * 4,
    ]);
  }
  placed.push([-0.3, 0.18, 3.1, 0.12, 1.5]); // partly off the left / bottom edge
  const limX = (1.3 * 0.5 * width) / cam.fx;
  // Depths are all distinct: a tie in depth is a swap of blend order under a small step, a true
  // discontinuity of the rendered image that no gradient describes.
  placed.push([limX * 1.12, 0.02, 3.05, 0.45, 1.0]); // beyond FOV_CLAMP, skirt on screen
  // The first of the stack centred on the centre of pixel (19, 10), so its alpha there clamps at 0.99.
  const sx = (19.5 - cam.cx) / cam.fx,
    sy = (10.5 - cam.cy) / cam.fy;
  const stack = 5;
  for (let j = 0; j < stack; j++) placed.push([sx + 0.008 * j, sy - 0.006 * j, 2.72 + 0.1 * j, 0.22, 6]);
  const n = placed.length;
  const cloud: Cloud64 = {
    count: n,
    shDegree,
    means: new Float64Array(n * 3),
    logScales: new Float64Array(n * 3),
    rotations: new Float64Array(n * 4),
    logitOpacities: new Float64Array(n),
    sh: new Float64Array(n * k * 3),
  };
  const R = cam.rotation,
    t = cam.translation;
  for (let i = 0; i < n; i++) {
    const [xz, yz, z, sigma, logit] = placed[i]!;
    const pc = [xz * z - t[0]!, yz * z - t[1]!, z - t[2]!];
    // world = R^T (p_cam - t)
    for (let a = 0; a < 3; a++)
      cloud.means[i * 3 + a] = R[a]! * pc[0]! + R[3 + a]! * pc[1]! + R[6 + a]! * pc[2]!;
    const inStack = i >= n - stack;
    for (let a = 0; a < 3; a++)
      cloud.logScales[i * 3 + a] = Math.log(sigma * (inStack ? 0.8 + 0.4 * rand() : 0.45 + rand()));
    // Unnormalised on purpose: the gradient is with respect to the stored quaternion.
    for (let a = 0; a < 4; a++) cloud.rotations[i * 4 + a] = (rand() - 0.5) * 1.6 + (a === 0 ? 0.4 : 0);
    cloud.logitOpacities[i] = logit;
    for (let j = 0; j < k * 3; j++) cloud.sh[i * k * 3 + j] = (rand() - 0.5) * (j < 3 ? 2.4 : 0.7);
  }
  return { cloud, cam };
}
