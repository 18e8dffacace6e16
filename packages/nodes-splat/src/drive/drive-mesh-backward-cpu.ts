import type { Avatar, Mesh } from '@ffavatar/core';
import type { GaussianGradients } from '../raster/project-backward-cpu.js';
import type { FloatArray } from '../raster/projected.js';
import { FRAME_STRIDE, meshFrames } from './triangle-frame.js';

/** Values per triangle in `driveMeshBackwardCpu`'s scratch: dL/dn (3), dL/dk, dL/dq_frame (4). */
export const MESH_BACKWARD_SCRATCH = 8;

/**
 * The transpose of `driveAvatarCpu` with respect to the mesh vertices, the avatar held fixed:
 * dL/dV [V, 3] *added* into `dVertices`. This is what carries the photometric gradient on to the
 * head model (core's `headParamsBackward`).
 *
 * Per Gaussian on triangle (a, b, c) the drive reads the vertices directly (mean = sum_j b_j P_j)
 * and through the triangle frame: the normal n (the offset o k n), the scale k (the offset and
 * log k on every log-scale) and the frame rotation (q_world = q_frame (x) q_local). The frame's
 * gradients are summed per triangle first and taken to its edges e0 = b - a, e1 = c - a once.
 * The rotation is varied as a small world-frame turn w (dM = [w]x M, dq = 1/2 (0, w) (x) q): with
 * the frame u = e0 / |e0|, n = (e0 x e1) / |e0 x e1|, v = n x u,
 *   w.n = v . de0 / |e0|,   w.v = -n . de0 / |e0|,   w.u = -v . d(e0 x e1) / |e0 x e1|.
 */
export function driveMeshBackwardCpu(
  avatar: Avatar,
  mesh: Mesh,
  dCloud: GaussianGradients<FloatArray>,
  dVertices: Float64Array,
  frames: Float64Array = meshFrames(mesh.vertices, mesh.triangles, mesh.triangleCount),
  /** [T, 8] f64 per-triangle sums, reused across calls (an optimisation step calls this each time). */
  scratch?: Float64Array,
): Float64Array {
  const n = avatar.count,
    T = mesh.triangleCount;
  if (dCloud.count !== n)
    throw new Error(`driveMeshBackwardCpu: ${n} Gaussians in the avatar, ${dCloud.count} in the gradients`);
  if (dVertices.length !== mesh.vertexCount * 3)
    throw new Error(
      `driveMeshBackwardCpu: dVertices has ${dVertices.length} values, the mesh ${mesh.vertexCount * 3}`,
    );
  const V = mesh.vertices,
    F = mesh.triangles;
  const { means: gm, logScales: gs, rotations: gq } = dCloud;
  const { triangle, barycentric, normalOffset, rotations } = avatar;
  const TS = MESH_BACKWARD_SCRATCH;
  let perTri: Float64Array;
  if (scratch) {
    if (scratch.length !== T * TS)
      throw new Error(`driveMeshBackwardCpu: scratch has ${scratch.length} values, expected ${T * TS}`);
    perTri = scratch.fill(0);
  } else perTri = new Float64Array(T * TS);
  const touched = new Uint8Array(T);
  for (let i = 0; i < n; i++) {
    const f = triangle[i]!;
    touched[f] = 1;
    const a = F[f * 3]! * 3,
      b = F[f * 3 + 1]! * 3,
      c = F[f * 3 + 2]! * 3;
    const o = f * FRAME_STRIDE;
    const nx = frames[o]!,
      ny = frames[o + 1]!,
      nz = frames[o + 2]!,
      k = frames[o + 3]!;
    const gx = gm[i * 3]!,
      gy = gm[i * 3 + 1]!,
      gz = gm[i * 3 + 2]!;
    const b0 = barycentric[i * 3]!,
      b1 = barycentric[i * 3 + 1]!,
      b2 = barycentric[i * 3 + 2]!;
    dVertices[a] = dVertices[a]! + b0 * gx;
    dVertices[a + 1] = dVertices[a + 1]! + b0 * gy;
    dVertices[a + 2] = dVertices[a + 2]! + b0 * gz;
    dVertices[b] = dVertices[b]! + b1 * gx;
    dVertices[b + 1] = dVertices[b + 1]! + b1 * gy;
    dVertices[b + 2] = dVertices[b + 2]! + b1 * gz;
    dVertices[c] = dVertices[c]! + b2 * gx;
    dVertices[c + 1] = dVertices[c + 1]! + b2 * gy;
    dVertices[c + 2] = dVertices[c + 2]! + b2 * gz;
    const off = normalOffset[i]!;
    const t = f * TS;
    perTri[t] = perTri[t]! + off * k * gx;
    perTri[t + 1] = perTri[t + 1]! + off * k * gy;
    perTri[t + 2] = perTri[t + 2]! + off * k * gz;
    perTri[t + 3] =
      perTri[t + 3]! +
      off * (nx * gx + ny * gy + nz * gz) +
      (gs[i * 3]! + gs[i * 3 + 1]! + gs[i * 3 + 2]!) / k;
    // dL/dq_frame = dL/dq_world (x) conj(q_local) (right multiplication's transpose).
    const w = gq[i * 4]!,
      x = gq[i * 4 + 1]!,
      y = gq[i * 4 + 2]!,
      z = gq[i * 4 + 3]!;
    const lw = rotations[i * 4]!,
      lx = -rotations[i * 4 + 1]!,
      ly = -rotations[i * 4 + 2]!,
      lz = -rotations[i * 4 + 3]!;
    perTri[t + 4] = perTri[t + 4]! + w * lw - x * lx - y * ly - z * lz;
    perTri[t + 5] = perTri[t + 5]! + w * lx + x * lw + y * lz - z * ly;
    perTri[t + 6] = perTri[t + 6]! + w * ly - x * lz + y * lw + z * lx;
    perTri[t + 7] = perTri[t + 7]! + w * lz + x * ly - y * lx + z * lw;
  }

  for (let f = 0; f < T; f++) {
    if (!touched[f]) continue;
    const a = F[f * 3]! * 3,
      b = F[f * 3 + 1]! * 3,
      c = F[f * 3 + 2]! * 3;
    const e0x = V[b]! - V[a]!,
      e0y = V[b + 1]! - V[a + 1]!,
      e0z = V[b + 2]! - V[a + 2]!;
    const e1x = V[c]! - V[a]!,
      e1y = V[c + 1]! - V[a + 1]!,
      e1z = V[c + 2]! - V[a + 2]!;
    const e2x = V[c]! - V[b]!,
      e2y = V[c + 1]! - V[b + 1]!,
      e2z = V[c + 2]! - V[b + 2]!;
    const cx = e0y * e1z - e0z * e1y,
      cy = e0z * e1x - e0x * e1z,
      cz = e0x * e1y - e0y * e1x;
    const cl = Math.hypot(cx, cy, cz);
    const l0 = Math.hypot(e0x, e0y, e0z),
      l1 = Math.hypot(e1x, e1y, e1z),
      l2 = Math.hypot(e2x, e2y, e2z);
    if (cl === 0 || l0 === 0) continue; // a degenerate triangle's frame is a constant
    const o = f * FRAME_STRIDE;
    const nx = frames[o]!,
      ny = frames[o + 1]!,
      nz = frames[o + 2]!;
    const ux = e0x / l0,
      uy = e0y / l0,
      uz = e0z / l0;
    const vx = ny * uz - nz * uy,
      vy = nz * ux - nx * uz,
      vz = nx * uy - ny * ux;
    const t = f * TS;
    // dL/dw_k = 1/2 <dL/dq, (0, e_k) (x) q>.
    const qw = frames[o + 4]!,
      qx = frames[o + 5]!,
      qy = frames[o + 6]!,
      qz = frames[o + 7]!;
    const Gw = perTri[t + 4]!,
      Gx = perTri[t + 5]!,
      Gy = perTri[t + 6]!,
      Gz = perTri[t + 7]!;
    // (0, ex) (x) q = (-qx, qw, -qz, qy); (0, ey) (x) q = (-qy, qz, qw, -qx); (0, ez) (x) q = (-qz, -qy, qx, qw).
    const wx = 0.5 * (-Gw * qx + Gx * qw - Gy * qz + Gz * qy);
    const wy = 0.5 * (-Gw * qy + Gx * qz + Gy * qw - Gz * qx);
    const wz = 0.5 * (-Gw * qz - Gx * qy + Gy * qx + Gz * qw);
    const gu = wx * ux + wy * uy + wz * uz,
      gv = wx * vx + wy * vy + wz * vz,
      gn = wx * nx + wy * ny + wz * nz;
    // dL/d(e0 x e1): the normal's own gradient projected off n, plus the turn about u (-gu v).
    const gnx = perTri[t]!,
      gny = perTri[t + 1]!,
      gnz = perTri[t + 2]!;
    const along = gnx * nx + gny * ny + gnz * nz;
    const gcx = (gnx - along * nx - gu * vx) / cl,
      gcy = (gny - along * ny - gu * vy) / cl,
      gcz = (gnz - along * nz - gu * vz) / cl;
    const gk = perTri[t + 3]! / 3;
    const k0 = gk / l0,
      k1 = l1 > 0 ? gk / l1 : 0,
      k2 = l2 > 0 ? gk / l2 : 0;
    // de0: e1 x gc, the turns about n and v, and k; de1: gc x e0 and k; de2: k.
    const d0x = e1y * gcz - e1z * gcy + (gn * vx - gv * nx) / l0 + k0 * e0x,
      d0y = e1z * gcx - e1x * gcz + (gn * vy - gv * ny) / l0 + k0 * e0y,
      d0z = e1x * gcy - e1y * gcx + (gn * vz - gv * nz) / l0 + k0 * e0z;
    const d1x = gcy * e0z - gcz * e0y + k1 * e1x,
      d1y = gcz * e0x - gcx * e0z + k1 * e1y,
      d1z = gcx * e0y - gcy * e0x + k1 * e1z;
    const d2x = k2 * e2x,
      d2y = k2 * e2y,
      d2z = k2 * e2z;
    dVertices[a] = dVertices[a]! - d0x - d1x;
    dVertices[a + 1] = dVertices[a + 1]! - d0y - d1y;
    dVertices[a + 2] = dVertices[a + 2]! - d0z - d1z;
    dVertices[b] = dVertices[b]! + d0x - d2x;
    dVertices[b + 1] = dVertices[b + 1]! + d0y - d2y;
    dVertices[b + 2] = dVertices[b + 2]! + d0z - d2z;
    dVertices[c] = dVertices[c]! + d1x + d2x;
    dVertices[c + 1] = dVertices[c + 1]! + d1y + d2y;
    dVertices[c + 2] = dVertices[c + 2]! + d1z + d2z;
  }
  return dVertices;
}
