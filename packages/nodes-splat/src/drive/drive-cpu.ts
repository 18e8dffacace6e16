import type { Avatar, GaussianCloud, Mesh } from '@ffavatar/core';

/**
 * Carries bound Gaussians to world space on a posed mesh (GaussianAvatars' binding): per triangle
 * a frame with origin at the barycentric point, axes e0 = first edge, e2 = normal, e1 = e2 x e0,
 * and scale k = mean edge length. Mean = origin + normalOffset * k * e2; rotation = frame * local;
 * log-scale = local + log k. SH stays in world space (not rotated with the frame), as in GaussianAvatars.
 */
export function driveAvatarCpu(avatar: Avatar, mesh: Mesh, out?: GaussianCloud): GaussianCloud {
  const n = avatar.count;
  const cloud: GaussianCloud = out ?? {
    count: n,
    shDegree: avatar.shDegree,
    means: new Float32Array(n * 3),
    logScales: new Float32Array(n * 3),
    rotations: new Float32Array(n * 4),
    logitOpacities: avatar.logitOpacities,
    sh: avatar.sh,
  };
  const V = mesh.vertices,
    F = mesh.triangles;
  const { triangle, barycentric, normalOffset, logScales, rotations } = avatar;
  for (let i = 0; i < n; i++) {
    const f = triangle[i]!;
    if (f >= mesh.triangleCount)
      throw new RangeError(`Gaussian ${i} is bound to triangle ${f}, but the mesh has ${mesh.triangleCount}`);
    const a = F[f * 3]! * 3,
      b = F[f * 3 + 1]! * 3,
      c = F[f * 3 + 2]! * 3;
    const ax = V[a]!,
      ay = V[a + 1]!,
      az = V[a + 2]!;
    const e0x = V[b]! - ax,
      e0y = V[b + 1]! - ay,
      e0z = V[b + 2]! - az;
    const e1x = V[c]! - ax,
      e1y = V[c + 1]! - ay,
      e1z = V[c + 2]! - az;
    let nx = e0y * e1z - e0z * e1y,
      ny = e0z * e1x - e0x * e1z,
      nz = e0x * e1y - e0y * e1x;
    const nl = 1 / (Math.hypot(nx, ny, nz) || 1);
    nx *= nl;
    ny *= nl;
    nz *= nl;
    const l0 = Math.hypot(e0x, e0y, e0z);
    const il0 = 1 / (l0 || 1);
    const ux = e0x * il0,
      uy = e0y * il0,
      uz = e0z * il0;
    const vx = ny * uz - nz * uy,
      vy = nz * ux - nx * uz,
      vz = nx * uy - ny * ux;
    const k =
      (l0 +
        Math.hypot(e1x, e1y, e1z) +
        Math.hypot(V[c]! - V[b]!, V[c + 1]! - V[b + 1]!, V[c + 2]! - V[b + 2]!)) /
      3;

    const b0 = barycentric[i * 3]!,
      b1 = barycentric[i * 3 + 1]!,
      b2 = barycentric[i * 3 + 2]!;
    const off = normalOffset[i]! * k;
    cloud.means[i * 3] = b0 * ax + b1 * V[b]! + b2 * V[c]! + off * nx;
    cloud.means[i * 3 + 1] = b0 * ay + b1 * V[b + 1]! + b2 * V[c + 1]! + off * ny;
    cloud.means[i * 3 + 2] = b0 * az + b1 * V[b + 2]! + b2 * V[c + 2]! + off * nz;
    const logK = Math.log(k);
    for (let j = 0; j < 3; j++) cloud.logScales[i * 3 + j] = logScales[i * 3 + j]! + logK;

    // Frame rotation (columns u, v, n) as a quaternion, then q_world = q_frame * q_local.
    const [fw, fx, fy, fz] = matrixToQuaternion(ux, vx, nx, uy, vy, ny, uz, vz, nz);
    const lw = rotations[i * 4]!,
      lx = rotations[i * 4 + 1]!,
      ly = rotations[i * 4 + 2]!,
      lz = rotations[i * 4 + 3]!;
    cloud.rotations[i * 4] = fw * lw - fx * lx - fy * ly - fz * lz;
    cloud.rotations[i * 4 + 1] = fw * lx + fx * lw + fy * lz - fz * ly;
    cloud.rotations[i * 4 + 2] = fw * ly - fx * lz + fy * lw + fz * lx;
    cloud.rotations[i * 4 + 3] = fw * lz + fx * ly - fy * lx + fz * lw;
  }
  return cloud;
}

/** Rotation matrix (row-major m00..m22) to a unit quaternion wxyz (Shepperd's method). */
export function matrixToQuaternion(
  m00: number,
  m01: number,
  m02: number,
  m10: number,
  m11: number,
  m12: number,
  m20: number,
  m21: number,
  m22: number,
): [number, number, number, number] {
  const trace = m00 + m11 + m22;
  if (trace > 0) {
    const s = Math.sqrt(trace + 1) * 2;
    return [0.25 * s, (m21 - m12) / s, (m02 - m20) / s, (m10 - m01) / s];
  }
  if (m00 > m11 && m00 > m22) {
    const s = Math.sqrt(1 + m00 - m11 - m22) * 2;
    return [(m21 - m12) / s, 0.25 * s, (m01 + m10) / s, (m02 + m20) / s];
  }
  if (m11 > m22) {
    const s = Math.sqrt(1 + m11 - m00 - m22) * 2;
    return [(m02 - m20) / s, (m01 + m10) / s, 0.25 * s, (m12 + m21) / s];
  }
  const s = Math.sqrt(1 + m22 - m00 - m11) * 2;
  return [(m10 - m01) / s, (m02 + m20) / s, (m12 + m21) / s, 0.25 * s];
}
