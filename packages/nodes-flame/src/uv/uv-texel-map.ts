import { scanTriangle } from '../raster/scan-triangle.js';

/** Which triangle, and where on it, each texel of a UV layout shows. */
export interface UvTexelMap {
  readonly size: number;
  /** [S, S] i32 triangle id per texel; -1 where no triangle covers the texel centre. */
  readonly triangle: Int32Array;
  /** [S, S, 3] f32 barycentrics over the triangle's corners, in its index order; 0 where empty. */
  readonly barycentric: Float32Array;
}

export interface UvTexelMapOptions {
  /** UDIM-style tile: the map covers u in [tile, tile + 1). Default 0. */
  tile?: number;
  /** Per-triangle 0/1: only triangles with 1 are drawn (e.g. one region). Default all. */
  include?: Uint8Array;
}

/**
 * Rasterises a per-corner UV layout into an S x S texel map. Texel (x, y), row y counted from the
 * top like an image, has its centre at u = tile + (x + 0.5) / S, v = 1 - (y + 0.5) / S: v points
 * up (OBJ), so the map lines up with a texture image stored top row first. Where UV triangles
 * overlap (mirrored or stacked islands), the lowest triangle id keeps the texel. Barycentrics are
 * affine in UV space, exact for the map (UVs are linear on each triangle).
 */
export function uvTexelMap(
  coords: Float32Array,
  uvTriangles: Uint32Array,
  size: number,
  opts: UvTexelMapOptions = {},
): UvTexelMap {
  if (!(Number.isInteger(size) && size > 0))
    throw new Error(`uvTexelMap: size must be a positive integer, got ${size}`);
  const tile = opts.tile ?? 0,
    include = opts.include;
  const triangle = new Int32Array(size * size).fill(-1);
  const barycentric = new Float32Array(size * size * 3);
  let f = 0;
  const visit = (i: number, l0: number, l1: number, l2: number) => {
    if (triangle[i] !== -1) return;
    triangle[i] = f;
    barycentric[i * 3] = l0;
    barycentric[i * 3 + 1] = l1;
    barycentric[i * 3 + 2] = l2;
  };
  const F = uvTriangles.length / 3;
  for (f = 0; f < F; f++) {
    if (include && include[f] === 0) continue;
    const a = uvTriangles[f * 3]! * 2,
      b = uvTriangles[f * 3 + 1]! * 2,
      c = uvTriangles[f * 3 + 2]! * 2;
    scanTriangle(
      (coords[a]! - tile) * size,
      (1 - coords[a + 1]!) * size,
      (coords[b]! - tile) * size,
      (1 - coords[b + 1]!) * size,
      (coords[c]! - tile) * size,
      (1 - coords[c + 1]!) * size,
      size,
      size,
      visit,
    );
  }
  return { size, triangle, barycentric };
}
