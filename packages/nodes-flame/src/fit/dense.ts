/**
 * Small dense linear algebra for the fitter, row-major Float64Array matrices. Systems here are at
 * most a few hundred unknowns (one image's pose and expression, or the shared identity), where a
 * plain Cholesky beats anything clever.
 */

/** In-place Cholesky factorisation A = L L^T (lower triangle of `a` becomes L). False if not SPD. */
export function cholesky(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= a[j * n + k]! ** 2;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = s / ljj;
    }
  }
  return true;
}

/** Solves L L^T x = b in place (b becomes x), with L from `cholesky`. */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array, offset = 0, stride = 1): void {
  for (let i = 0; i < n; i++) {
    let s = b[offset + i * stride]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * b[offset + k * stride]!;
    b[offset + i * stride] = s / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[offset + i * stride]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[offset + k * stride]!;
    b[offset + i * stride] = s / l[i * n + i]!;
  }
}

/** Mirrors the upper triangle into the lower one (accumulation fills only j >= i). */
export function symmetrize(a: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[j * n + i] = a[i * n + j]!;
}
