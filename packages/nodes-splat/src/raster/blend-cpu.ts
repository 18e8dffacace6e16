import type { ProjectedGaussians } from './projected.js';
import { TILE_SIZE, type TileLists } from './tiles.js';

/** Splats fainter than this are skipped; blending stops once transmittance drops below T_MIN. */
export const ALPHA_MIN = 1 / 255;
export const ALPHA_MAX = 0.99;
export const T_MIN = 1e-4;

export interface RasterTargets {
  /** RGBA [H, W, 4]: colour composited over the background, alpha = 1 - transmittance. */
  rgba: Float32Array;
  /** Expected camera depth of the visible splats [H, W], +Infinity where nothing is drawn. */
  depth: Float32Array;
}

/**
 * Floats per splat in a tile's packed list: u, v, conic a, b, c, opacity, r, g, b, depth, and the
 * exponent below which the splat's alpha falls under ALPHA_MIN (skips most Math.exp calls).
 */
const STRIDE = 11;

/**
 * Front-to-back alpha blending per pixel, tile by tile, with the 3DGS early stop. Each tile's
 * splats are first packed into one contiguous array (as the GPU kernel does into workgroup
 * memory), so the per-pixel loop streams through memory instead of gathering by id.
 */
export function blendTilesCpu(
  p: ProjectedGaussians, lists: TileLists, width: number, height: number,
  background: readonly [number, number, number], out: RasterTargets,
  tiles: { start: number; end: number } = { start: 0, end: lists.tilesX * lists.tilesY },
): RasterTargets {
  const { uv, conic, opacity, rgb, depth } = p;
  let packed = new Float32Array(STRIDE * 1024);
  for (let t = tiles.start; t < tiles.end; t++) {
    const tx = t % lists.tilesX, ty = (t - tx) / lists.tilesX;
    const start = lists.offsets[t]!, count = lists.offsets[t + 1]! - start;
    if (packed.length < count * STRIDE) packed = new Float32Array(count * STRIDE * 2);
    for (let s = 0; s < count; s++) {
      const i = lists.ids[start + s]!, o = s * STRIDE;
      packed[o] = uv[i * 2]!; packed[o + 1] = uv[i * 2 + 1]!;
      packed[o + 2] = conic[i * 3]!; packed[o + 3] = conic[i * 3 + 1]!; packed[o + 4] = conic[i * 3 + 2]!;
      packed[o + 5] = opacity[i]!;
      packed[o + 6] = rgb[i * 3]!; packed[o + 7] = rgb[i * 3 + 1]!; packed[o + 8] = rgb[i * 3 + 2]!;
      packed[o + 9] = depth[i]!;
      packed[o + 10] = Math.log(ALPHA_MIN / opacity[i]!);
    }
    const end = count * STRIDE;
    const yEnd = Math.min(height, (ty + 1) * TILE_SIZE), xEnd = Math.min(width, (tx + 1) * TILE_SIZE);
    for (let y = ty * TILE_SIZE; y < yEnd; y++) {
      const py = y + 0.5;
      for (let x = tx * TILE_SIZE; x < xEnd; x++) {
        const px = x + 0.5;
        let T = 1, r = 0, g = 0, b = 0, z = 0;
        for (let o = 0; o < end; o += STRIDE) {
          const dx = packed[o]! - px, dy = packed[o + 1]! - py;
          const power = -0.5 * (packed[o + 2]! * dx * dx + packed[o + 4]! * dy * dy) - packed[o + 3]! * dx * dy;
          if (power > 0 || power < packed[o + 10]!) continue;
          const alpha = Math.min(ALPHA_MAX, packed[o + 5]! * Math.exp(power));
          if (alpha < ALPHA_MIN) continue;
          const nextT = T * (1 - alpha);
          if (nextT < T_MIN) break;
          const w = alpha * T;
          r += w * packed[o + 6]!; g += w * packed[o + 7]!; b += w * packed[o + 8]!;
          z += w * packed[o + 9]!;
          T = nextT;
        }
        const o = (y * width + x) * 4;
        out.rgba[o] = r + T * background[0];
        out.rgba[o + 1] = g + T * background[1];
        out.rgba[o + 2] = b + T * background[2];
        out.rgba[o + 3] = 1 - T;
        out.depth[y * width + x] = T < 1 ? z / (1 - T) : Infinity;
      }
    }
  }
  return out;
}
