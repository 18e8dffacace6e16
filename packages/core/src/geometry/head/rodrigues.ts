/**
 * Axis-angle to rotation matrix (Rodrigues), written into `out` at `o` as [3, 3] row-major.
 * `v` is the rotation vector: direction = axis, length = angle in radians.
 */
export function rodrigues(vx: number, vy: number, vz: number, out: Float64Array, o = 0): void {
  const theta = Math.hypot(vx, vy, vz);
  let s: number, c1: number;
  if (theta < 1e-6) {
    // Near zero the closed form divides by ~0; the Taylor series of sin(t)/t and (1 - cos t)/t^2
    // keeps the matrix (and its derivative) accurate to float precision.
    const t2 = theta * theta;
    s = 1 - t2 / 6;
    c1 = 0.5 - t2 / 24;
  } else {
    s = Math.sin(theta) / theta;
    c1 = (1 - Math.cos(theta)) / (theta * theta);
  }
  // R = I + s K + c1 K^2 with K the cross-product matrix of v (unnormalised, hence s and c1 carry 1/t).
  const xx = vx * vx, yy = vy * vy, zz = vz * vz, xy = vx * vy, xz = vx * vz, yz = vy * vz;
  out[o] = 1 - c1 * (yy + zz);
  out[o + 1] = c1 * xy - s * vz;
  out[o + 2] = c1 * xz + s * vy;
  out[o + 3] = c1 * xy + s * vz;
  out[o + 4] = 1 - c1 * (xx + zz);
  out[o + 5] = c1 * yz - s * vx;
  out[o + 6] = c1 * xz - s * vy;
  out[o + 7] = c1 * yz + s * vx;
  out[o + 8] = 1 - c1 * (xx + yy);
}
