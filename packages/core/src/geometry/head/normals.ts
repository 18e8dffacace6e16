/**
 * Unit vertex normals, area-weighted: each triangle adds its unnormalised cross product (length =
 * twice its area) to its corners, so large triangles count more and slivers do not tilt a normal.
 * Counter-clockwise triangles (seen from outside) give outward normals. A vertex no triangle uses
 * gets (0, 0, 0).
 *
 * `positions` holds [V, 3] starting at `offset`; `out` receives [V, 3] at the same offset.
 */
export function vertexNormals(
  positions: Float32Array,
  triangles: Uint32Array,
  vertexCount: number,
  out: Float32Array = new Float32Array(vertexCount * 3),
  offset = 0,
): Float32Array {
  // Accumulate in f64: thousands of tiny cross products summed in f32 lose the small ones.
  const acc = new Float64Array(vertexCount * 3);
  const F = triangles.length / 3;
  for (let f = 0; f < F; f++) {
    const a = triangles[f * 3]! * 3,
      b = triangles[f * 3 + 1]! * 3,
      c = triangles[f * 3 + 2]! * 3;
    const ax = positions[offset + a]!,
      ay = positions[offset + a + 1]!,
      az = positions[offset + a + 2]!;
    const ux = positions[offset + b]! - ax,
      uy = positions[offset + b + 1]! - ay,
      uz = positions[offset + b + 2]! - az;
    const vx = positions[offset + c]! - ax,
      vy = positions[offset + c + 1]! - ay,
      vz = positions[offset + c + 2]! - az;
    const nx = uy * vz - uz * vy,
      ny = uz * vx - ux * vz,
      nz = ux * vy - uy * vx;
    add3(acc, a, nx, ny, nz);
    add3(acc, b, nx, ny, nz);
    add3(acc, c, nx, ny, nz);
  }
  for (let v = 0; v < vertexCount * 3; v += 3) {
    const x = acc[v]!,
      y = acc[v + 1]!,
      z = acc[v + 2]!;
    const len = Math.sqrt(x * x + y * y + z * z);
    const inv = len > 0 ? 1 / len : 0;
    out[offset + v] = x * inv;
    out[offset + v + 1] = y * inv;
    out[offset + v + 2] = z * inv;
  }
  return out;
}

function add3(acc: Float64Array, k: number, x: number, y: number, z: number): void {
  acc[k] = acc[k]! + x;
  acc[k + 1] = acc[k + 1]! + y;
  acc[k + 2] = acc[k + 2]! + z;
}
