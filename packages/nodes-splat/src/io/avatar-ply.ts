import type { Avatar, Mesh } from '@ffavatar/core';
import { driveAvatarCpu } from '../drive/drive-cpu.js';
import { writeGaussianPly } from './ply-gaussians.js';

/**
 * An avatar as a standard 3DGS PLY: its Gaussians driven on `mesh` (the neutral head for
 * avatar.ply, any pose for an export of what a viewer shows), plus the binding as extra
 * properties that other viewers ignore: `triangle`, `bary_0..2`, `normal_offset` (in triangle
 * scales), GaussianAvatars-style.
 */
export function writeAvatarPly(avatar: Avatar, mesh: Mesh): Uint8Array {
  const cloud = driveAvatarCpu(avatar, mesh);
  const n = avatar.count;
  const extras = {
    triangle: Float32Array.from(avatar.triangle),
    bary_0: new Float32Array(n),
    bary_1: new Float32Array(n),
    bary_2: new Float32Array(n),
    normal_offset: avatar.normalOffset,
  };
  for (let i = 0; i < n; i++) {
    extras.bary_0[i] = avatar.barycentric[i * 3]!;
    extras.bary_1[i] = avatar.barycentric[i * 3 + 1]!;
    extras.bary_2[i] = avatar.barycentric[i * 3 + 2]!;
  }
  return writeGaussianPly({ ...cloud, extras });
}
