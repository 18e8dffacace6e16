import { SH_C0 } from '@ffavatar/core/geometry';

/**
 * Real spherical harmonics up to degree 3, with the 3DGS constants and sign convention (the same
 * as the INRIA reference and gsplat), so trained coefficients render the same colours here.
 * `dir` is the unit vector from the camera centre to the Gaussian, in world space.
 */
const C1 = 0.4886025119029199;
const C2 = [1.0925484305920792, -1.0925484305920792, 0.31539156525252005, -1.0925484305920792, 0.5462742152960396] as const;
const C3 = [-0.5900435899266435, 2.890611442640554, -0.4570457994644658, 0.3731763325901154, -0.4570457994644658, 1.445305721320277, -0.5900435899266435] as const;

/** Writes the SH basis values for `dir` into `out[0..(d+1)^2)`. */
export function shBasis(degree: number, x: number, y: number, z: number, out: Float32Array | Float64Array): void {
  out[0] = SH_C0;
  if (degree < 1) return;
  out[1] = -C1 * y;
  out[2] = C1 * z;
  out[3] = -C1 * x;
  if (degree < 2) return;
  const xx = x * x, yy = y * y, zz = z * z, xy = x * y, yz = y * z, xz = x * z;
  out[4] = C2[0] * xy;
  out[5] = C2[1] * yz;
  out[6] = C2[2] * (2 * zz - xx - yy);
  out[7] = C2[3] * xz;
  out[8] = C2[4] * (xx - yy);
  if (degree < 3) return;
  out[9] = C3[0] * y * (3 * xx - yy);
  out[10] = C3[1] * xy * z;
  out[11] = C3[2] * y * (4 * zz - xx - yy);
  out[12] = C3[3] * z * (2 * zz - 3 * xx - 3 * yy);
  out[13] = C3[4] * x * (4 * zz - xx - yy);
  out[14] = C3[5] * z * (xx - yy);
  out[15] = C3[6] * x * (xx - 3 * yy);
}
