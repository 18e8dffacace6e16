/**
 * The binding frame of one triangle (GaussianAvatars): origin at the barycentric point, axes
 * u = first edge (a -> b) normalised, n = unit normal (e0 x e1), v = n x u; scale k = mean edge
 * length; and the frame rotation (columns u, v, n) as a unit quaternion wxyz. Written once for
 * the drive and its backward (through `meshFrames`), so both see the same frame bit for bit.
 */
interface TriangleFrame {
  /** Offsets of the corners a, b, c in the vertex array (3 * vertex index). */
  a: number;
  b: number;
  c: number;
  nx: number;
  ny: number;
  nz: number;
  k: number;
  qw: number;
  qx: number;
  qy: number;
  qz: number;
}

function newTriangleFrame(): TriangleFrame {
  return { a: 0, b: 0, c: 0, nx: 0, ny: 0, nz: 1, k: 1, qw: 1, qx: 0, qy: 0, qz: 0 };
}

/** Fills `out` with triangle `f`'s frame on vertices `V` [V, 3] and faces `F` [T, 3]. */
function triangleFrame(V: Float32Array, F: Uint32Array, f: number, out: TriangleFrame): TriangleFrame {
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
  out.a = a;
  out.b = b;
  out.c = c;
  out.nx = nx;
  out.ny = ny;
  out.nz = nz;
  out.k =
    (l0 +
      Math.hypot(e1x, e1y, e1z) +
      Math.hypot(V[c]! - V[b]!, V[c + 1]! - V[b + 1]!, V[c + 2]! - V[b + 2]!)) /
    3;
  const [qw, qx, qy, qz] = matrixToQuaternion(ux, vx, nx, uy, vy, ny, uz, vz, nz);
  out.qw = qw;
  out.qx = qx;
  out.qy = qy;
  out.qz = qz;
  return out;
}

/** Values per triangle in `meshFrames`: nx, ny, nz, k, qw, qx, qy, qz. */
export const FRAME_STRIDE = 8;

/**
 * Every triangle's frame (normal, scale, frame quaternion) [T, 8] f64: computed once per mesh, so
 * the many Gaussians of a triangle (and a fixed mesh's many optimisation steps) share it.
 */
export function meshFrames(V: Float32Array, F: Uint32Array, triangleCount: number): Float64Array {
  const out = new Float64Array(triangleCount * FRAME_STRIDE);
  const fr = newTriangleFrame();
  for (let f = 0; f < triangleCount; f++) {
    triangleFrame(V, F, f, fr);
    const o = f * FRAME_STRIDE;
    out[o] = fr.nx;
    out[o + 1] = fr.ny;
    out[o + 2] = fr.nz;
    out[o + 3] = fr.k;
    out[o + 4] = fr.qw;
    out[o + 5] = fr.qx;
    out[o + 6] = fr.qy;
    out[o + 7] = fr.qz;
  }
  return out;
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
