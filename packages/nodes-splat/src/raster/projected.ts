import type { GaussianCloud } from '@ffavatar/core';

/** The float arrays the CPU kernels run on: f32 in production, f64 for the gradient checks. */
export type FloatArray = Float32Array | Float64Array;

/**
 * A Gaussian cloud's arrays as the CPU kernels read them: a `GaussianCloud` (f32), or the same
 * fields in f64 (finite-difference checks perturb parameters below f32 resolution).
 */
export type GaussianArrays = Pick<GaussianCloud, 'count' | 'shDegree'> & {
  means: FloatArray;
  logScales: FloatArray;
  rotations: FloatArray;
  logitOpacities: FloatArray;
  sh: FloatArray;
};

/**
 * Gaussians after projection, struct of arrays, one slot per input Gaussian (invisible ones have
 * radius 0). Image coordinates follow CONVENTIONS.md: the centre of pixel (i, j) is (i + 0.5, j + 0.5).
 * `F` is Float32Array in production; Float64Array lets the gradient checks render in f64 end to end.
 */
export interface ProjectedGaussians<F extends FloatArray = Float32Array> {
  count: number;
  /** Centre in image pixels [N, 2]. */
  uv: F;
  /** Inverse 2D covariance (a, b, c) of [[a, b], [b, c]] [N, 3], after the 0.3 px low-pass dilation. */
  conic: F;
  /** Camera-space z, metres [N]. */
  depth: F;
  /** 3-sigma radius in pixels [N]; 0 = culled. */
  radius: Int32Array;
  /** View-dependent colour RGB [N, 3], already clamped at 0. */
  rgb: F;
  opacity: F;
}

export function allocateProjected(n: number): ProjectedGaussians {
  return {
    count: n,
    uv: new Float32Array(n * 2),
    conic: new Float32Array(n * 3),
    depth: new Float32Array(n),
    radius: new Int32Array(n),
    rgb: new Float32Array(n * 3),
    opacity: new Float32Array(n),
  };
}

/** The same slots in f64 (for the gradient checks: the f32 slots would round finite differences away). */
export function allocateProjected64(n: number): ProjectedGaussians<Float64Array> {
  return {
    count: n,
    uv: new Float64Array(n * 2),
    conic: new Float64Array(n * 3),
    depth: new Float64Array(n),
    radius: new Int32Array(n),
    rgb: new Float64Array(n * 3),
    opacity: new Float64Array(n),
  };
}
