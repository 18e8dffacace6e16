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
  const xx = vx * vx,
    yy = vy * vy,
    zz = vz * vz,
    xy = vx * vy,
    xz = vx * vz,
    yz = vy * vz;
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

/**
 * Rotation matrix (row-major) to axis-angle, radians: the inverse of Rodrigues. Near pi the
 * axis comes from the matrix' symmetric part, where the usual formula divides by ~0.
 */
export function matrixToAxisAngle(m: ArrayLike<number>): [number, number, number] {
  const cos = Math.min(1, Math.max(-1, (m[0]! + m[4]! + m[8]! - 1) / 2));
  const angle = Math.acos(cos);
  if (angle < 1e-9) return [0, 0, 0];
  const s = 2 * Math.sin(angle);
  if (Math.abs(s) > 1e-6)
    return [((m[7]! - m[5]!) / s) * angle, ((m[2]! - m[6]!) / s) * angle, ((m[3]! - m[1]!) / s) * angle];
  const x = Math.sqrt(Math.max(0, (m[0]! + 1) / 2)),
    y = Math.sqrt(Math.max(0, (m[4]! + 1) / 2)),
    z = Math.sqrt(Math.max(0, (m[8]! + 1) / 2));
  return [x * angle, Math.sign(m[1]! || 1) * y * angle, Math.sign(m[2]! || 1) * z * angle];
}
