import type { Camera } from '@ffavatar/core';
import { cameraCentre } from '@ffavatar/core/geometry';
import type { ProjectedGradients } from './blend-backward-cpu.js';
import { DILATION, FOV_CLAMP } from './project-cpu.js';
import type { FloatArray, GaussianArrays, ProjectedGaussians } from './projected.js';
import { shBasis, shBasisBackward } from './spherical-harmonics.js';

/**
 * dL/d(each stored Gaussian parameter), in the cloud's own layout (CONVENTIONS.md): means [N, 3],
 * log-scales [N, 3], rotations [N, 4] (with respect to the stored, possibly unnormalised wxyz
 * quaternion: the forward normalises it), logit opacities [N], SH [N, (d+1)^2, 3].
 */
export interface GaussianGradients<F extends FloatArray = Float32Array> {
  count: number;
  shDegree: number;
  means: F;
  logScales: F;
  rotations: F;
  logitOpacities: F;
  sh: F;
}

/**
 * dL/d(camera): `rotation` [3, 3] row-major with respect to each entry of the world-to-camera R
 * (Euclidean; `rotationTangentGradient` turns it into a gradient on the rotation's tangent space),
 * `translation` [3], and the intrinsics in pixels.
 */
export interface CameraGradients {
  rotation: Float64Array;
  translation: Float64Array;
  fx: number;
  fy: number;
  cx: number;
  cy: number;
}

export function allocateGaussianGradients(count: number, shDegree: number): GaussianGradients;
export function allocateGaussianGradients<F extends FloatArray>(
  count: number,
  shDegree: number,
  make: (n: number) => F,
): GaussianGradients<F>;
export function allocateGaussianGradients(
  count: number,
  shDegree: number,
  make: (n: number) => FloatArray = (n) => new Float32Array(n),
): GaussianGradients<FloatArray> {
  return {
    count,
    shDegree,
    means: make(count * 3),
    logScales: make(count * 3),
    rotations: make(count * 4),
    logitOpacities: make(count),
    sh: make(count * (shDegree + 1) ** 2 * 3),
  };
}

export function zeroCameraGradients(): CameraGradients {
  return { rotation: new Float64Array(9), translation: new Float64Array(3), fx: 0, fy: 0, cx: 0, cy: 0 };
}

/**
 * For a rotation updated on the left, R' = exp([w]x) R, the gradient dL/dw at w = 0 from the
 * Euclidean gradient G = dL/dR: with A = G R^T, dL/dw = (A21 - A12, A02 - A20, A10 - A01). An
 * optimiser steps w and re-orthonormalises by construction (exp of a skew matrix).
 */
export function rotationTangentGradient(
  R: ArrayLike<number>,
  G: ArrayLike<number>,
): [number, number, number] {
  const a = (i: number, j: number) =>
    G[i * 3]! * R[j * 3]! + G[i * 3 + 1]! * R[j * 3 + 1]! + G[i * 3 + 2]! * R[j * 3 + 2]!;
  return [a(2, 1) - a(1, 2), a(0, 2) - a(2, 0), a(1, 0) - a(0, 1)];
}

/**
 * Backward of `projectGaussiansCpu`: from the gradients with respect to the projected Gaussians to
 * the stored parameters (written, not added: invisible Gaussians get zeros) and the camera (added
 * into `camOut`, summed over Gaussians). It recomputes the projection's intermediates in f64 from
 * the parameters, with the forward's expressions and branches (near plane and culling via the
 * forward's radius, FOV_CLAMP on x/z and y/z, DILATION, the clamp of colour at 0); where the forward
 * clamps, the gradient through that path is zero. The 3-sigma radius is piecewise constant and has
 * no gradient. A Gaussian whose projected gradients are all zero (culled, or hidden) is skipped.
 */
export function projectBackwardCpu<G extends FloatArray>(
  cloud: GaussianArrays,
  cam: Camera,
  projected: ProjectedGaussians<FloatArray>,
  dProjected: ProjectedGradients,
  out: GaussianGradients<G>,
  camOut: CameraGradients = zeroCameraGradients(),
): { gaussians: GaussianGradients<G>; camera: CameraGradients } {
  const n = cloud.count;
  const { fx, fy, width, height } = cam;
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
  const basis = new Float64Array(16),
    dBasis = new Float64Array(16),
    dDir = new Float64Array(3);
  const { means, logScales, rotations, logitOpacities, sh } = cloud;
  const gMeans = out.means,
    gLogScales = out.logScales,
    gRot = out.rotations,
    gLogit = out.logitOpacities,
    gSh = out.sh;
  // Camera sums in locals, added to camOut once.
  let gR00 = 0,
    gR01 = 0,
    gR02 = 0,
    gR10 = 0,
    gR11 = 0,
    gR12 = 0,
    gR20 = 0,
    gR21 = 0,
    gR22 = 0;
  let gt0 = 0,
    gt1 = 0,
    gt2 = 0,
    gfx = 0,
    gfy = 0,
    gcx = 0,
    gcy = 0;

  const dUv = dProjected.uv,
    dConic = dProjected.conic,
    dOp = dProjected.opacity,
    dRgb = dProjected.rgb;
  for (let i = 0; i < n; i++) {
    // Culled, or drawn but hidden behind the early stop (the far side of a head): nothing to chain.
    if (
      projected.radius[i]! <= 0 ||
      (dUv[i * 2] === 0 &&
        dUv[i * 2 + 1] === 0 &&
        dConic[i * 3] === 0 &&
        dConic[i * 3 + 1] === 0 &&
        dConic[i * 3 + 2] === 0 &&
        dOp[i] === 0 &&
        dRgb[i * 3] === 0 &&
        dRgb[i * 3 + 1] === 0 &&
        dRgb[i * 3 + 2] === 0)
    ) {
      for (let a = 0; a < 3; a++) {
        gMeans[i * 3 + a] = 0;
        gLogScales[i * 3 + a] = 0;
      }
      for (let a = 0; a < 4; a++) gRot[i * 4 + a] = 0;
      gLogit[i] = 0;
      for (let j = 0; j < k * 3; j++) gSh[i * k * 3 + j] = 0;
      continue;
    }
    const mx = means[i * 3]!,
      my = means[i * 3 + 1]!,
      mz = means[i * 3 + 2]!;
    const px = r00 * mx + r01 * my + r02 * mz + t[0]!;
    const py = r10 * mx + r11 * my + r12 * mz + t[1]!;
    const pz = r20 * mx + r21 * my + r22 * mz + t[2]!;

    // --- forward recomputation (project-cpu.ts, same expressions) ---
    const qw0 = rotations[i * 4]!,
      qx0 = rotations[i * 4 + 1]!,
      qy0 = rotations[i * 4 + 2]!,
      qz0 = rotations[i * 4 + 3]!;
    const qlen = Math.hypot(qw0, qx0, qy0, qz0) || 1;
    const qn = 1 / qlen;
    const qw = qw0 * qn,
      qx = qx0 * qn,
      qy = qy0 * qn,
      qz = qz0 * qn;
    const sx = Math.exp(logScales[i * 3]!),
      sy = Math.exp(logScales[i * 3 + 1]!),
      sz = Math.exp(logScales[i * 3 + 2]!);
    const q00 = 1 - 2 * (qy * qy + qz * qz),
      q01 = 2 * (qx * qy - qw * qz),
      q02 = 2 * (qx * qz + qw * qy);
    const q10 = 2 * (qx * qy + qw * qz),
      q11 = 1 - 2 * (qx * qx + qz * qz),
      q12 = 2 * (qy * qz - qw * qx);
    const q20 = 2 * (qx * qz - qw * qy),
      q21 = 2 * (qy * qz + qw * qx),
      q22 = 1 - 2 * (qx * qx + qy * qy);
    const m00 = q00 * sx,
      m01 = q01 * sy,
      m02 = q02 * sz;
    const m10 = q10 * sx,
      m11 = q11 * sy,
      m12 = q12 * sz;
    const m20 = q20 * sx,
      m21 = q21 * sy,
      m22 = q22 * sz;
    const s00 = m00 * m00 + m01 * m01 + m02 * m02,
      s01 = m00 * m10 + m01 * m11 + m02 * m12,
      s02 = m00 * m20 + m01 * m21 + m02 * m22;
    const s11 = m10 * m10 + m11 * m11 + m12 * m12,
      s12 = m10 * m20 + m11 * m21 + m12 * m22,
      s22 = m20 * m20 + m21 * m21 + m22 * m22;
    const invZ = 1 / pz;
    const xr = px * invZ,
      yr = py * invZ;
    const xc = Math.min(limX, Math.max(-limX, xr)),
      yc = Math.min(limY, Math.max(-limY, yr));
    const xClamped = xr > limX || xr < -limX,
      yClamped = yr > limY || yr < -limY;
    const j00 = fx * invZ,
      j02 = -fx * xc * invZ;
    const j11 = fy * invZ,
      j12 = -fy * yc * invZ;
    const t00 = j00 * r00 + j02 * r20,
      t01 = j00 * r01 + j02 * r21,
      t02 = j00 * r02 + j02 * r22;
    const t10 = j11 * r10 + j12 * r20,
      t11 = j11 * r11 + j12 * r21,
      t12 = j11 * r12 + j12 * r22;
    // Sigma T0 and Sigma T1 (columns), reused by the cov2d and T gradients.
    const st00 = s00 * t00 + s01 * t01 + s02 * t02,
      st01 = s01 * t00 + s11 * t01 + s12 * t02,
      st02 = s02 * t00 + s12 * t01 + s22 * t02;
    const st10 = s00 * t10 + s01 * t11 + s02 * t12,
      st11 = s01 * t10 + s11 * t11 + s12 * t12,
      st12 = s02 * t10 + s12 * t11 + s22 * t12;
    const a = t00 * st00 + t01 * st01 + t02 * st02 + DILATION;
    const b = t00 * st10 + t01 * st11 + t02 * st12;
    const c = t10 * st10 + t11 * st11 + t12 * st12 + DILATION;
    const det = a * c - b * b;

    // --- conic (c, -b, a) / det -> cov2d (a, b, c) ---
    const gA = dProjected.conic[i * 3]!,
      gB = dProjected.conic[i * 3 + 1]!,
      gC = dProjected.conic[i * 3 + 2]!;
    const id2 = 1 / (det * det);
    const da = (-c * c * gA + b * c * gB - b * b * gC) * id2;
    const db = (2 * b * c * gA - (det + 2 * b * b) * gB + 2 * a * b * gC) * id2;
    const dc = (-b * b * gA + a * b * gB - a * a * gC) * id2;

    // --- cov2d = T Sigma T^T -> T and Sigma ---
    // dT0 = 2 da Sigma T0 + db Sigma T1, dT1 = db Sigma T0 + 2 dc Sigma T1.
    const dt00 = 2 * da * st00 + db * st10,
      dt01 = 2 * da * st01 + db * st11,
      dt02 = 2 * da * st02 + db * st12;
    const dt10 = db * st00 + 2 * dc * st10,
      dt11 = db * st01 + 2 * dc * st11,
      dt12 = db * st02 + 2 * dc * st12;
    // Symmetric dSigma = da T0 T0^T + db/2 (T0 T1^T + T1 T0^T) + dc T1 T1^T.
    const hb = 0.5 * db;
    const ds00 = da * t00 * t00 + 2 * hb * t00 * t10 + dc * t10 * t10;
    const ds11 = da * t01 * t01 + 2 * hb * t01 * t11 + dc * t11 * t11;
    const ds22 = da * t02 * t02 + 2 * hb * t02 * t12 + dc * t12 * t12;
    const ds01 = da * t00 * t01 + hb * (t00 * t11 + t10 * t01) + dc * t10 * t11;
    const ds02 = da * t00 * t02 + hb * (t00 * t12 + t10 * t02) + dc * t10 * t12;
    const ds12 = da * t01 * t02 + hb * (t01 * t12 + t11 * t02) + dc * t11 * t12;

    // --- T = J R -> J and the camera rotation ---
    const dj00 = dt00 * r00 + dt01 * r01 + dt02 * r02;
    const dj02 = dt00 * r20 + dt01 * r21 + dt02 * r22;
    const dj11 = dt10 * r10 + dt11 * r11 + dt12 * r12;
    const dj12 = dt10 * r20 + dt11 * r21 + dt12 * r22;
    gR00 += j00 * dt00;
    gR01 += j00 * dt01;
    gR02 += j00 * dt02;
    gR10 += j11 * dt10;
    gR11 += j11 * dt11;
    gR12 += j11 * dt12;
    gR20 += j02 * dt00 + j12 * dt10;
    gR21 += j02 * dt01 + j12 * dt11;
    gR22 += j02 * dt02 + j12 * dt12;

    // --- J (and u, v) -> camera-space point and focal ---
    const du = dProjected.uv[i * 2]!,
      dv = dProjected.uv[i * 2 + 1]!;
    let dpx = du * fx * invZ,
      dpy = dv * fy * invZ;
    let dpz = -(du * fx * px + dv * fy * py) * invZ * invZ;
    gfx += du * xr;
    gfy += dv * yr;
    gcx += du;
    gcy += dv;
    gfx += dj00 * invZ;
    dpz -= dj00 * fx * invZ * invZ;
    gfy += dj11 * invZ;
    dpz -= dj11 * fy * invZ * invZ;
    // j02 = -fx xc / z; xc = clamp(x / z, +-limX) with limX = 0.65 W / fx.
    gfx -= dj02 * xc * invZ;
    dpz += dj02 * fx * xc * invZ * invZ;
    const dxc = -dj02 * fx * invZ;
    if (xClamped) gfx -= (dxc * xc) / fx;
    else {
      dpx += dxc * invZ;
      dpz -= dxc * px * invZ * invZ;
    }
    gfy -= dj12 * yc * invZ;
    dpz += dj12 * fy * yc * invZ * invZ;
    const dyc = -dj12 * fy * invZ;
    if (yClamped) gfy -= (dyc * yc) / fy;
    else {
      dpy += dyc * invZ;
      dpz -= dyc * py * invZ * invZ;
    }

    // --- p = R m + t ---
    let dmx = r00 * dpx + r10 * dpy + r20 * dpz;
    let dmy = r01 * dpx + r11 * dpy + r21 * dpz;
    let dmz = r02 * dpx + r12 * dpy + r22 * dpz;
    gR00 += dpx * mx;
    gR01 += dpx * my;
    gR02 += dpx * mz;
    gR10 += dpy * mx;
    gR11 += dpy * my;
    gR12 += dpy * mz;
    gR20 += dpz * mx;
    gR21 += dpz * my;
    gR22 += dpz * mz;
    gt0 += dpx;
    gt1 += dpy;
    gt2 += dpz;

    // --- Sigma = M M^T, M = Rq diag(s) -> scales and quaternion ---
    // dM = 2 dSigma M.
    const dm00 = 2 * (ds00 * m00 + ds01 * m10 + ds02 * m20),
      dm01 = 2 * (ds00 * m01 + ds01 * m11 + ds02 * m21),
      dm02 = 2 * (ds00 * m02 + ds01 * m12 + ds02 * m22);
    const dm10 = 2 * (ds01 * m00 + ds11 * m10 + ds12 * m20),
      dm11 = 2 * (ds01 * m01 + ds11 * m11 + ds12 * m21),
      dm12 = 2 * (ds01 * m02 + ds11 * m12 + ds12 * m22);
    const dm20 = 2 * (ds02 * m00 + ds12 * m10 + ds22 * m20),
      dm21 = 2 * (ds02 * m01 + ds12 * m11 + ds22 * m21),
      dm22 = 2 * (ds02 * m02 + ds12 * m12 + ds22 * m22);
    // d log s_j = s_j * sum_i dM_ij Rq_ij.
    gLogScales[i * 3] = sx * (dm00 * q00 + dm10 * q10 + dm20 * q20);
    gLogScales[i * 3 + 1] = sy * (dm01 * q01 + dm11 * q11 + dm21 * q21);
    gLogScales[i * 3 + 2] = sz * (dm02 * q02 + dm12 * q12 + dm22 * q22);
    const e00 = dm00 * sx,
      e01 = dm01 * sy,
      e02 = dm02 * sz;
    const e10 = dm10 * sx,
      e11 = dm11 * sy,
      e12 = dm12 * sz;
    const e20 = dm20 * sx,
      e21 = dm21 * sy,
      e22 = dm22 * sz;
    const dqw = 2 * (-qz * e01 + qy * e02 + qz * e10 - qx * e12 - qy * e20 + qx * e21);
    const dqx =
      2 * (qy * e01 + qz * e02 + qy * e10 - 2 * qx * e11 - qw * e12 + qz * e20 + qw * e21 - 2 * qx * e22);
    const dqy =
      2 * (-2 * qy * e00 + qx * e01 + qw * e02 + qx * e10 + qz * e12 - qw * e20 + qz * e21 - 2 * qy * e22);
    const dqz =
      2 * (-2 * qz * e00 - qw * e01 + qx * e02 + qw * e10 - 2 * qz * e11 + qy * e12 + qx * e20 + qy * e21);
    // Through the normalisation q / |q|: remove the radial part.
    const radial = qw * dqw + qx * dqx + qy * dqy + qz * dqz;
    gRot[i * 4] = (dqw - qw * radial) * qn;
    gRot[i * 4 + 1] = (dqx - qx * radial) * qn;
    gRot[i * 4 + 2] = (dqy - qy * radial) * qn;
    gRot[i * 4 + 3] = (dqz - qz * radial) * qn;

    // --- opacity = sigmoid(logit) ---
    const op = 1 / (1 + Math.exp(-logitOpacities[i]!));
    gLogit[i] = dProjected.opacity[i]! * op * (1 - op);

    // --- colour = max(0, SH(dir) + 0.5), dir = (m - o) / |m - o| ---
    const ddx = mx - ox,
      ddy = my - oy,
      ddz = mz - oz;
    const dlen = Math.hypot(ddx, ddy, ddz) || 1;
    const dn = 1 / dlen;
    const dirx = ddx * dn,
      diry = ddy * dn,
      dirz = ddz * dn;
    shBasis(cloud.shDegree, dirx, diry, dirz, basis);
    const base = i * k * 3;
    dBasis.fill(0);
    for (let ch = 0; ch < 3; ch++) {
      let sum = 0;
      for (let j = 0; j < k; j++) sum += basis[j]! * sh[base + j * 3 + ch]!;
      const g = sum + 0.5 > 0 ? dProjected.rgb[i * 3 + ch]! : 0;
      for (let j = 0; j < k; j++) {
        gSh[base + j * 3 + ch] = basis[j]! * g;
        dBasis[j] = dBasis[j]! + sh[base + j * 3 + ch]! * g;
      }
    }
    if (cloud.shDegree > 0) {
      shBasisBackward(cloud.shDegree, dirx, diry, dirz, dBasis, dDir);
      const radialDir = dirx * dDir[0]! + diry * dDir[1]! + dirz * dDir[2]!;
      const gdx = (dDir[0]! - dirx * radialDir) * dn,
        gdy = (dDir[1]! - diry * radialDir) * dn,
        gdz = (dDir[2]! - dirz * radialDir) * dn;
      dmx += gdx;
      dmy += gdy;
      dmz += gdz;
      // o = -R^T t, and d enters as m - o: dL/dR_ij += t_i gd_j, dL/dt_i += sum_j R_ij gd_j.
      gR00 += t[0]! * gdx;
      gR01 += t[0]! * gdy;
      gR02 += t[0]! * gdz;
      gR10 += t[1]! * gdx;
      gR11 += t[1]! * gdy;
      gR12 += t[1]! * gdz;
      gR20 += t[2]! * gdx;
      gR21 += t[2]! * gdy;
      gR22 += t[2]! * gdz;
      gt0 += r00 * gdx + r01 * gdy + r02 * gdz;
      gt1 += r10 * gdx + r11 * gdy + r12 * gdz;
      gt2 += r20 * gdx + r21 * gdy + r22 * gdz;
    }
    gMeans[i * 3] = dmx;
    gMeans[i * 3 + 1] = dmy;
    gMeans[i * 3 + 2] = dmz;
  }
  const cr = camOut.rotation;
  cr[0] = cr[0]! + gR00;
  cr[1] = cr[1]! + gR01;
  cr[2] = cr[2]! + gR02;
  cr[3] = cr[3]! + gR10;
  cr[4] = cr[4]! + gR11;
  cr[5] = cr[5]! + gR12;
  cr[6] = cr[6]! + gR20;
  cr[7] = cr[7]! + gR21;
  cr[8] = cr[8]! + gR22;
  camOut.translation[0] = camOut.translation[0]! + gt0;
  camOut.translation[1] = camOut.translation[1]! + gt1;
  camOut.translation[2] = camOut.translation[2]! + gt2;
  camOut.fx += gfx;
  camOut.fy += gfy;
  camOut.cx += gcx;
  camOut.cy += gcy;
  return { gaussians: out, camera: camOut };
}
