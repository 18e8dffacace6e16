import type { HeadModel } from '@ffavatar/core';
import type { UvAtlas } from './uv-atlas.js';

/**
 * For each texel of the atlas, the texel whose surface point (on the neutral head) is
 * nearest to its mirror image across the x = 0 plane; -1 where none is within `maxDistance`.
 * Heads are left-right symmetric about x = 0 in model space (ICT-FaceKit and FLAME both), so
 * an unseen cheek borrows the seen one.
 */
const memo = new WeakMap<UvAtlas, Int32Array>();

export function mirrorTexels(model: HeadModel, atlas: UvAtlas, maxDistance = 0.004): Int32Array {
  // Atlases are memoised per (model, size) (atlas-cache.ts), so this runs once per worker.
  let mirror = memo.get(atlas);
  if (!mirror) {
    mirror = computeMirror(model, atlas, maxDistance);
    memo.set(atlas, mirror);
  }
  return mirror;
}

function computeMirror(model: HeadModel, atlas: UvAtlas, maxDistance: number): Int32Array {
  const n = atlas.triangle.length;
  const points = texelPoints(model, atlas.triangle, atlas.barycentric);
  // Only first-layer pages take part: deeper layers are stacked islands (ICT's eyeballs, five
  // deep), thousands of texels on the same few square centimetres, which would only slow the search.
  const firstLayer = new Uint8Array(n);
  atlas.pages.forEach((page, p) => {
    if (page.layer !== 0) return;
    for (let y = 0; y < atlas.size; y++)
      firstLayer.fill(1, y * atlas.width + p * atlas.size, y * atlas.width + (p + 1) * atlas.size);
  });
  const cell = maxDistance;
  // Integer cell keys (heads fit in +-2 m at any sane cell size): string keys were 10x slower.
  const grid = new Map<number, number[]>();
  const cellKey = (ix: number, iy: number, iz: number) =>
    ((ix + 1024) * 2048 + (iy + 1024)) * 2048 + (iz + 1024);
  const key = (x: number, y: number, z: number) =>
    cellKey(Math.floor(x / cell), Math.floor(y / cell), Math.floor(z / cell));
  for (let t = 0; t < n; t++) {
    if (atlas.triangle[t]! < 0 || !firstLayer[t]) continue;
    const k = key(points[t * 3]!, points[t * 3 + 1]!, points[t * 3 + 2]!);
    const list = grid.get(k);
    if (list) list.push(t);
    else grid.set(k, [t]);
  }
  const mirror = new Int32Array(n).fill(-1);
  for (let t = 0; t < n; t++) {
    if (atlas.triangle[t]! < 0 || !firstLayer[t]) continue;
    const mx = -points[t * 3]!,
      my = points[t * 3 + 1]!,
      mz = points[t * 3 + 2]!;
    const cx = Math.floor(mx / cell),
      cy = Math.floor(my / cell),
      cz = Math.floor(mz / cell);
    let best = -1,
      bestD = maxDistance * maxDistance;
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (let dz = -1; dz <= 1; dz++) {
          const list = grid.get(cellKey(cx + dx, cy + dy, cz + dz));
          if (!list) continue;
          for (const q of list) {
            const d =
              (points[q * 3]! - mx) ** 2 + (points[q * 3 + 1]! - my) ** 2 + (points[q * 3 + 2]! - mz) ** 2;
            if (d < bestD) {
              bestD = d;
              best = q;
            }
          }
        }
    mirror[t] = best;
  }
  return mirror;
}

/** Neutral-head surface point per texel [texels, 3] (zero where the texel is empty). */
export function texelPoints(
  model: HeadModel,
  triangle: Int32Array,
  barycentric: Float32Array,
  vertices = model.template,
): Float32Array {
  const out = new Float32Array(triangle.length * 3);
  const F = model.triangles;
  for (let t = 0; t < triangle.length; t++) {
    const f = triangle[t]!;
    if (f < 0) continue;
    for (let a = 0; a < 3; a++) {
      out[t * 3 + a] =
        barycentric[t * 3]! * vertices[F[f * 3]! * 3 + a]! +
        barycentric[t * 3 + 1]! * vertices[F[f * 3 + 1]! * 3 + a]! +
        barycentric[t * 3 + 2]! * vertices[F[f * 3 + 2]! * 3 + a]!;
    }
  }
  return out;
}
