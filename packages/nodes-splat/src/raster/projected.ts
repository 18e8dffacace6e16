/**
 * Gaussians after projection, struct of arrays, one slot per input Gaussian (invisible ones have
 * radius 0). Image coordinates follow CONVENTIONS.md: the centre of pixel (i, j) is (i + 0.5, j + 0.5).
 */
export interface ProjectedGaussians {
  count: number;
  /** Centre in image pixels [N, 2]. */
  uv: Float32Array;
  /** Inverse 2D covariance (a, b, c) of [[a, b], [b, c]] [N, 3], after the 0.3 px low-pass dilation. */
  conic: Float32Array;
  /** Camera-space z, metres [N]. */
  depth: Float32Array;
  /** 3-sigma radius in pixels [N]; 0 = culled. */
  radius: Int32Array;
  /** View-dependent colour RGB [N, 3], already clamped at 0. */
  rgb: Float32Array;
  opacity: Float32Array;
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
