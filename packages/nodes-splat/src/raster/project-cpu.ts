import type { Camera } from '@ffavatar/core';
import { cameraCentre } from '@ffavatar/core/geometry';
import {
  allocateProjected,
  type FloatArray,
  type GaussianArrays,
  type ProjectedGaussians,
} from './projected.js';
import { shBasis } from './spherical-harmonics.js';

/** Gaussians closer than this (metres, camera z) are culled, as in 3DGS. */
export const NEAR_PLANE = 0.01;
/** Low-pass filter added to the 2D covariance diagonal (px^2): every splat covers about a pixel. */
export const DILATION = 0.3;
/** 3DGS clamps the Jacobian's x/z, y/z to 1.3 x the field of view so off-screen splats stay sane. */
export const FOV_CLAMP = 1.3;

/**
 * The standard 3DGS projection: world covariance R S S^T R^T, EWA projection J W Sigma W^T J^T,
 * dilation, conic, 3-sigma radius, SH colour. Pure TS over typed arrays; the WebGPU kernel
 * computes the same and a test holds them together.
 */
export function projectGaussiansCpu(cloud: GaussianArrays, cam: Camera): ProjectedGaussians;
/** The same into `out`: f32 slots as in production, or f64 ones (the gradient checks). */
export function projectGaussiansCpu<F extends FloatArray>(
  cloud: GaussianArrays,
  cam: Camera,
  out: ProjectedGaussians<F>,
): ProjectedGaussians<F>;
export function projectGaussiansCpu(
  cloud: GaussianArrays,
  cam: Camera,
  out: ProjectedGaussians<FloatArray> = allocateProjected(cloud.count),
): ProjectedGaussians<FloatArray> {
  const n = cloud.count;
  const { fx, fy, cx, cy, width, height } = cam;
  const R = cam.rotation,
    t = cam.translation;
  const r00 = R[0]!,
    r01 = R[1]!,
    r02 = R[2]!,
    r10 = R[3]!,
    r11 = R[4]!,
    r12 = R[5]!,
    r20 = R[6]!,
    r21 = R[7]!,
    r22 = R[8]!;
  const [ox, oy, oz] = cameraCentre(cam);
  const limX = (FOV_CLAMP * 0.5 * width) / fx;
  const limY = (FOV_CLAMP * 0.5 * height) / fy;
  const k = (cloud.shDegree + 1) ** 2;
  const basis = new Float64Array(16);
  const { means, logScales, rotations, logitOpacities, sh } = cloud;

  for (let i = 0; i < n; i++) {
    out.radius[i] = 0;
    const mx = means[i * 3]!,
      my = means[i * 3 + 1]!,
      mz = means[i * 3 + 2]!;
    const px = r00 * mx + r01 * my + r02 * mz + t[0]!;
    const py = r10 * mx + r11 * my + r12 * mz + t[1]!;
    const pz = r20 * mx + r21 * my + r22 * mz + t[2]!;
    if (pz <= NEAR_PLANE) continue;

    // Sigma = M M^T with M = Rq * S (Rq from the unit quaternion wxyz).
    let qw = rotations[i * 4]!,
      qx = rotations[i * 4 + 1]!,
      qy = rotations[i * 4 + 2]!,
      qz = rotations[i * 4 + 3]!;
    const qn = 1 / (Math.hypot(qw, qx, qy, qz) || 1);
    qw *= qn;
    qx *= qn;
    qy *= qn;
    qz *= qn;
    const sx = Math.exp(logScales[i * 3]!),
      sy = Math.exp(logScales[i * 3 + 1]!),
      sz = Math.exp(logScales[i * 3 + 2]!);
    const m00 = (1 - 2 * (qy * qy + qz * qz)) * sx,
      m01 = 2 * (qx * qy - qw * qz) * sy,
      m02 = 2 * (qx * qz + qw * qy) * sz;
    const m10 = 2 * (qx * qy + qw * qz) * sx,
      m11 = (1 - 2 * (qx * qx + qz * qz)) * sy,
      m12 = 2 * (qy * qz - qw * qx) * sz;
    const m20 = 2 * (qx * qz - qw * qy) * sx,
      m21 = 2 * (qy * qz + qw * qx) * sy,
      m22 = (1 - 2 * (qx * qx + qy * qy)) * sz;
    const s00 = m00 * m00 + m01 * m01 + m02 * m02,
      s01 = m00 * m10 + m01 * m11 + m02 * m12,
      s02 = m00 * m20 + m01 * m21 + m02 * m22;
    const s11 = m10 * m10 + m11 * m11 + m12 * m12,
      s12 = m10 * m20 + m11 * m21 + m12 * m22,
      s22 = m20 * m20 + m21 * m21 + m22 * m22;

    // T = J W (2x3), J evaluated at the clamped direction.
    const invZ = 1 / pz;
    const tx = Math.min(limX, Math.max(-limX, px * invZ)) * pz;
    const ty = Math.min(limY, Math.max(-limY, py * invZ)) * pz;
    const j00 = fx * invZ,
      j02 = -fx * tx * invZ * invZ;
    const j11 = fy * invZ,
      j12 = -fy * ty * invZ * invZ;
    const t00 = j00 * r00 + j02 * r20,
      t01 = j00 * r01 + j02 * r21,
      t02 = j00 * r02 + j02 * r22;
    const t10 = j11 * r10 + j12 * r20,
      t11 = j11 * r11 + j12 * r21,
      t12 = j11 * r12 + j12 * r22;
    // cov2d = T Sigma T^T
    const u0 = t00 * s00 + t01 * s01 + t02 * s02,
      u1 = t00 * s01 + t01 * s11 + t02 * s12,
      u2 = t00 * s02 + t01 * s12 + t02 * s22;
    const v0 = t10 * s00 + t11 * s01 + t12 * s02,
      v1 = t10 * s01 + t11 * s11 + t12 * s12,
      v2 = t10 * s02 + t11 * s12 + t12 * s22;
    const a = u0 * t00 + u1 * t01 + u2 * t02 + DILATION;
    const b = u0 * t10 + u1 * t11 + u2 * t12;
    const c = v0 * t10 + v1 * t11 + v2 * t12 + DILATION;
    const det = a * c - b * b;
    if (!(det > 0)) continue;
    const mid = 0.5 * (a + c);
    const lambda = mid + Math.sqrt(Math.max(0.1, mid * mid - det));
    const radius = Math.ceil(3 * Math.sqrt(lambda));
    const u = fx * px * invZ + cx,
      v = fy * py * invZ + cy;
    if (u + radius <= 0 || u - radius >= width || v + radius <= 0 || v - radius >= height) continue;

    out.radius[i] = radius;
    out.uv[i * 2] = u;
    out.uv[i * 2 + 1] = v;
    out.conic[i * 3] = c / det;
    out.conic[i * 3 + 1] = -b / det;
    out.conic[i * 3 + 2] = a / det;
    out.depth[i] = pz;
    out.opacity[i] = 1 / (1 + Math.exp(-logitOpacities[i]!));

    let dx = mx - ox,
      dy = my - oy,
      dz = mz - oz;
    const dn = 1 / (Math.hypot(dx, dy, dz) || 1);
    dx *= dn;
    dy *= dn;
    dz *= dn;
    shBasis(cloud.shDegree, dx, dy, dz, basis);
    const base = i * k * 3;
    for (let ch = 0; ch < 3; ch++) {
      let sum = 0;
      for (let j = 0; j < k; j++) sum += basis[j]! * sh[base + j * 3 + ch]!;
      out.rgb[i * 3 + ch] = Math.max(0, sum + 0.5);
    }
  }
  return out;
}
