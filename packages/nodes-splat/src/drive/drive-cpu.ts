import type { Avatar, GaussianCloud, Mesh } from '@ffavatar/core';
import { FRAME_STRIDE, meshFrames } from './triangle-frame.js';

/**
 * Carries bound Gaussians to world space on a posed mesh (GaussianAvatars' binding): per triangle
 * a frame with origin at the barycentric point, axes e0 = first edge, e2 = normal, e1 = e2 x e0,
 * and scale k = mean edge length (triangle-frame.ts). Mean = origin + normalOffset * k * e2;
 * rotation = frame * local; log-scale = local + log k. SH stays in world space (not rotated with
 * the frame), as in GaussianAvatars. drive-backward-cpu.ts is its transpose. `frames` (the mesh's
 * `meshFrames`) may be passed when the same mesh is driven again.
 */
export function driveAvatarCpu(
  avatar: Avatar,
  mesh: Mesh,
  out?: GaussianCloud,
  frames: Float64Array = meshFrames(mesh.vertices, mesh.triangles, mesh.triangleCount),
): GaussianCloud {
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
    const o = f * FRAME_STRIDE;
    const nx = frames[o]!,
      ny = frames[o + 1]!,
      nz = frames[o + 2]!,
      k = frames[o + 3]!;
    const b0 = barycentric[i * 3]!,
      b1 = barycentric[i * 3 + 1]!,
      b2 = barycentric[i * 3 + 2]!;
    const off = normalOffset[i]! * k;
    cloud.means[i * 3] = b0 * V[a]! + b1 * V[b]! + b2 * V[c]! + off * nx;
    cloud.means[i * 3 + 1] = b0 * V[a + 1]! + b1 * V[b + 1]! + b2 * V[c + 1]! + off * ny;
    cloud.means[i * 3 + 2] = b0 * V[a + 2]! + b1 * V[b + 2]! + b2 * V[c + 2]! + off * nz;
    const logK = Math.log(k);
    for (let j = 0; j < 3; j++) cloud.logScales[i * 3 + j] = logScales[i * 3 + j]! + logK;

    // q_world = q_frame * q_local.
    const fw = frames[o + 4]!,
      fx = frames[o + 5]!,
      fy = frames[o + 6]!,
      fz = frames[o + 7]!;
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
