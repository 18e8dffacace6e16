import type { HeadModel } from '@ffavatar/core';
import { uvTexelMap } from '../uv/uv-texel-map.js';

/**
 * The head model's whole UV layout as one texel map of square pages side by side ([S, S * pages],
 * texel (x, y) of page p at u = tile + (x - p S + 0.5) / S, v = 1 - (y + 0.5) / S). A page is one
 * UDIM tile of one layer. Islands that share UV space (ICT-FaceKit's eyeballs cover its whole face
 * tile) cannot share texels with the face, or the eye's colours would smear over the cheeks: the
 * triangles that win no texel in one layer go to the next layer, whose pages are separate. Empty
 * pages are dropped.
 */
export interface UvAtlas {
  size: number;
  /** Pages side by side: the UDIM tile each shows, and its layer. */
  pages: { tile: number; layer: number }[];
  /** Texels per row: size * pages. */
  width: number;
  /** [S, width] i32 triangle id, -1 where empty. */
  triangle: Int32Array;
  /** [S, width, 3] f32 barycentrics over the triangle's corners. */
  barycentric: Float32Array;
}

export function buildUvAtlas(model: HeadModel, size: number): UvAtlas {
  const uv = model.uv;
  if (!uv) throw new Error(`head model "${model.name}" has no UV layout: it cannot carry a canonical field`);
  let maxU = 0;
  for (let i = 0; i < uv.count; i++) maxU = Math.max(maxU, uv.coords[i * 2]!);
  const tiles = Math.max(1, Math.ceil(maxU - 1e-6));
  const F = model.triangleCount;
  const pages: { tile: number; layer: number; triangle: Int32Array; barycentric: Float32Array }[] = [];
  let pending: Uint8Array = new Uint8Array(F).fill(1);
  for (let layer = 0; layer < 8; layer++) {
    const won = new Uint8Array(F);
    for (let tile = 0; tile < tiles; tile++) {
      const map = uvTexelMap(uv.coords, uv.triangles, size, { tile, include: pending });
      let used = false;
      for (const f of map.triangle)
        if (f >= 0) {
          won[f] = 1;
          used = true;
        }
      if (used) pages.push({ tile, layer, triangle: map.triangle, barycentric: map.barycentric });
    }
    // Triangles drawn but owning nothing were covered by an earlier triangle: next layer.
    const next = new Uint8Array(F);
    let left = 0;
    for (let f = 0; f < F; f++)
      if (pending[f] && !won[f] && uvArea(uv.coords, uv.triangles, f) * size * size > 0.5) {
        next[f] = 1;
        left++;
      }
    if (left === 0) break;
    pending = next;
  }
  const width = size * pages.length;
  const triangle = new Int32Array(width * size).fill(-1);
  const barycentric = new Float32Array(width * size * 3);
  pages.forEach((page, p) => {
    for (let y = 0; y < size; y++) {
      const src = y * size,
        dst = y * width + p * size;
      triangle.set(page.triangle.subarray(src, src + size), dst);
      barycentric.set(page.barycentric.subarray(src * 3, (src + size) * 3), dst * 3);
    }
  });
  return { size, pages: pages.map(({ tile, layer }) => ({ tile, layer })), width, triangle, barycentric };
}

function uvArea(coords: Float32Array, tris: Uint32Array, f: number): number {
  const a = tris[f * 3]! * 2,
    b = tris[f * 3 + 1]! * 2,
    c = tris[f * 3 + 2]! * 2;
  return (
    Math.abs(
      (coords[b]! - coords[a]!) * (coords[c + 1]! - coords[a + 1]!) -
        (coords[c]! - coords[a]!) * (coords[b + 1]! - coords[a + 1]!),
    ) / 2
  );
}
