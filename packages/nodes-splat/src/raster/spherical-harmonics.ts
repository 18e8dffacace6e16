import { SH_C0 } from '@ffavatar/core/geometry';

/**
 * Real spherical harmonics up to degree 3, with the 3DGS constants and sign convention (the same
 * as the INRIA reference and gsplat), so trained coefficients render the same colours here.
 * `dir` is the unit vector from the camera centre to the Gaussian, in world space.
 */
const C1 = 0.4886025119029199;
const C2 = [
  1.0925484305920792, -1.0925484305920792, 0.31539156525252005, -1.0925484305920792, 0.5462742152960396,
] as const;
const C3 = [
  -0.5900435899266435, 2.890611442640554, -0.4570457994644658, 0.3731763325901154, -0.4570457994644658,
  1.445305721320277, -0.5900435899266435,
] as const;

/** Writes the SH basis values for `dir` into `out[0..(d+1)^2)`. */
export function shBasis(
  degree: number,
  x: number,
  y: number,
  z: number,
  out: Float32Array | Float64Array,
): void {
  out[0] = SH_C0;
  if (degree < 1) return;
  out[1] = -C1 * y;
  out[2] = C1 * z;
  out[3] = -C1 * x;
  if (degree < 2) return;
  const xx = x * x,
    yy = y * y,
    zz = z * z,
    xy = x * y,
    yz = y * z,
    xz = x * z;
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

/**
 * Backward of `shBasis`: given dL/d(basis value) in `g[0..(d+1)^2)`, the gradient with respect to
 * the direction components (x, y, z) taken as independent variables; the caller chains it through
 * the normalisation of the direction. Beside the forward so the constants exist once.
 */
export function shBasisBackward(
  degree: number,
  x: number,
  y: number,
  z: number,
  g: Float32Array | Float64Array,
  out: Float64Array,
): void {
  let dx = 0,
    dy = 0,
    dz = 0;
  if (degree >= 1) {
    dx -= C1 * g[3]!;
    dy -= C1 * g[1]!;
    dz += C1 * g[2]!;
  }
  if (degree >= 2) {
    const g4 = C2[0] * g[4]!,
      g5 = C2[1] * g[5]!,
      g6 = C2[2] * g[6]!,
      g7 = C2[3] * g[7]!,
      g8 = C2[4] * g[8]!;
    dx += g4 * y - 2 * x * g6 + g7 * z + 2 * x * g8;
    dy += g4 * x + g5 * z - 2 * y * g6 - 2 * y * g8;
    dz += g5 * y + 4 * z * g6 + g7 * x;
  }
  if (degree >= 3) {
    const xx = x * x,
      yy = y * y,
      zz = z * z;
    const g9 = C3[0] * g[9]!,
      g10 = C3[1] * g[10]!,
      g11 = C3[2] * g[11]!,
      g12 = C3[3] * g[12]!;
    const g13 = C3[4] * g[13]!,
      g14 = C3[5] * g[14]!,
      g15 = C3[6] * g[15]!;
    dx +=
      g9 * 6 * x * y +
      g10 * y * z -
      g11 * 2 * x * y -
      g12 * 6 * x * z +
      g13 * (4 * zz - 3 * xx - yy) +
      g14 * 2 * x * z +
      g15 * 3 * (xx - yy);
    dy +=
      g9 * 3 * (xx - yy) +
      g10 * x * z +
      g11 * (4 * zz - xx - 3 * yy) -
      g12 * 6 * y * z -
      g13 * 2 * x * y -
      g14 * 2 * y * z -
      g15 * 6 * x * y;
    dz +=
      g10 * x * y + g11 * 8 * y * z + g12 * (6 * zz - 3 * xx - 3 * yy) + g13 * 8 * x * z + g14 * (xx - yy);
  }
  out[0] = dx;
  out[1] = dy;
  out[2] = dz;
}
