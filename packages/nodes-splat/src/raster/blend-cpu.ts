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

/** Front-to-back alpha blending per pixel, tile by tile, with the 3DGS early stop. */
export function blendTilesCpu(
  p: ProjectedGaussians, lists: TileLists, width: number, height: number,
  background: readonly [number, number, number], out: RasterTargets,
): RasterTargets {
  const { uv, conic, opacity, rgb, depth } = p;
  for (let ty = 0; ty < lists.tilesY; ty++) {
    for (let tx = 0; tx < lists.tilesX; tx++) {
      const t = ty * lists.tilesX + tx;
      const start = lists.offsets[t]!, end = lists.offsets[t + 1]!;
      const yEnd = Math.min(height, (ty + 1) * TILE_SIZE), xEnd = Math.min(width, (tx + 1) * TILE_SIZE);
      for (let y = ty * TILE_SIZE; y < yEnd; y++) {
        const py = y + 0.5;
        for (let x = tx * TILE_SIZE; x < xEnd; x++) {
          const px = x + 0.5;
          let T = 1, r = 0, g = 0, b = 0, z = 0;
          for (let s = start; s < end; s++) {
            const i = lists.ids[s]!;
            const dx = uv[i * 2]! - px, dy = uv[i * 2 + 1]! - py;
            const power = -0.5 * (conic[i * 3]! * dx * dx + conic[i * 3 + 2]! * dy * dy) - conic[i * 3 + 1]! * dx * dy;
            if (power > 0) continue;
            const alpha = Math.min(ALPHA_MAX, opacity[i]! * Math.exp(power));
            if (alpha < ALPHA_MIN) continue;
            const nextT = T * (1 - alpha);
            if (nextT < T_MIN) break;
            const w = alpha * T;
            r += w * rgb[i * 3]!; g += w * rgb[i * 3 + 1]!; b += w * rgb[i * 3 + 2]!;
            z += w * depth[i]!;
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
  }
  return out;
}
