import type { Avatar, Mesh } from '@ffavatar/core';
import type { GaussianGradients } from '../raster/project-backward-cpu.js';
import type { FloatArray } from '../raster/projected.js';
import { FRAME_STRIDE, meshFrames } from './triangle-frame.js';

/**
 * dL/d(each optimisable avatar parameter) in the avatar's layout; the triangle ids are discrete
 * and have none. `barycentric` is the unconstrained gradient [N, 3]; the optimiser keeps the
 * coordinates summing to one.
 */
export interface AvatarGradients<F extends FloatArray = Float32Array> {
  count: number;
  shDegree: number;
  barycentric: F;
  normalOffset: F;
  logScales: F;
  rotations: F;
  logitOpacities: F;
  sh: F;
}

export function allocateAvatarGradients(count: number, shDegree: number): AvatarGradients {
  return {
    count,
    shDegree,
    barycentric: new Float32Array(count * 3),
    normalOffset: new Float32Array(count),
    logScales: new Float32Array(count * 3),
    rotations: new Float32Array(count * 4),
    logitOpacities: new Float32Array(count),
    sh: new Float32Array(count * (shDegree + 1) ** 2 * 3),
  };
}

/**
 * The transpose of `driveAvatarCpu` on one posed mesh, the mesh held fixed: from the gradients of
 * the world-space cloud it drove to the avatar's parameters, *added* into `out` (so several views
 * sum into one step). `frames` as for `driveAvatarCpu`. The drive is affine in each parameter given the frame:
 *   mean = sum_j b_j P_j + o k n        -> dL/db_j = P_j . g_mean,  dL/do = k n . g_mean
 *   log-scale = local + log k           -> identity
 *   q_world = q_frame (x) q_local       -> dL/dq_local = conj(q_frame) (x) dL/dq_world
 *     (left multiplication by a unit quaternion is an orthogonal 4 x 4 map; its transpose is
 *     left multiplication by the conjugate)
 *   opacity and SH are shared          -> identity.
 */
export function driveBackwardCpu<F extends FloatArray>(
  avatar: Avatar,
  mesh: Mesh,
  dCloud: GaussianGradients<FloatArray>,
  out: AvatarGradients<F>,
  frames: Float64Array = meshFrames(mesh.vertices, mesh.triangles, mesh.triangleCount),
): AvatarGradients<F> {
  const n = avatar.count;
  if (dCloud.count !== n || out.count !== n)
    throw new Error(
      `driveBackwardCpu: ${n} Gaussians in the avatar, ${dCloud.count} in the gradients, ${out.count} in the output`,
    );
  const V = mesh.vertices,
    F = mesh.triangles;
  const { means: gm, logScales: gs, rotations: gq } = dCloud;
  for (let i = 0; i < n; i++) {
    const f = avatar.triangle[i]!;
    const a = F[f * 3]! * 3,
      b = F[f * 3 + 1]! * 3,
      c = F[f * 3 + 2]! * 3;
    const o = f * FRAME_STRIDE;
    const nx = frames[o]!,
      ny = frames[o + 1]!,
      nz = frames[o + 2]!,
      k = frames[o + 3]!,
      qw = frames[o + 4]!,
      qx = frames[o + 5]!,
      qy = frames[o + 6]!,
      qz = frames[o + 7]!;
    const gx = gm[i * 3]!,
      gy = gm[i * 3 + 1]!,
      gz = gm[i * 3 + 2]!;
    out.barycentric[i * 3] = out.barycentric[i * 3]! + V[a]! * gx + V[a + 1]! * gy + V[a + 2]! * gz;
    out.barycentric[i * 3 + 1] = out.barycentric[i * 3 + 1]! + V[b]! * gx + V[b + 1]! * gy + V[b + 2]! * gz;
    out.barycentric[i * 3 + 2] = out.barycentric[i * 3 + 2]! + V[c]! * gx + V[c + 1]! * gy + V[c + 2]! * gz;
    out.normalOffset[i] = out.normalOffset[i]! + k * (nx * gx + ny * gy + nz * gz);
    for (let j = 0; j < 3; j++) out.logScales[i * 3 + j] = out.logScales[i * 3 + j]! + gs[i * 3 + j]!;
    // conj(q) (x) g, with conj(q) = (qw, -qx, -qy, -qz).
    const w = gq[i * 4]!,
      x = gq[i * 4 + 1]!,
      y = gq[i * 4 + 2]!,
      z = gq[i * 4 + 3]!;
    out.rotations[i * 4] = out.rotations[i * 4]! + qw * w + qx * x + qy * y + qz * z;
    out.rotations[i * 4 + 1] = out.rotations[i * 4 + 1]! + qw * x - qx * w - qy * z + qz * y;
    out.rotations[i * 4 + 2] = out.rotations[i * 4 + 2]! + qw * y + qx * z - qy * w - qz * x;
    out.rotations[i * 4 + 3] = out.rotations[i * 4 + 3]! + qw * z - qx * y + qy * x - qz * w;
  }
  for (let i = 0; i < dCloud.logitOpacities.length; i++)
    out.logitOpacities[i] = out.logitOpacities[i]! + dCloud.logitOpacities[i]!;
  for (let i = 0; i < dCloud.sh.length; i++) out.sh[i] = out.sh[i]! + dCloud.sh[i]!;
  return out;
}
