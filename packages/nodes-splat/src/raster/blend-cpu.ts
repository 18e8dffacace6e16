import type { FloatArray, ProjectedGaussians } from './projected.js';
import { TILE_SIZE, type TileLists } from './tiles.js';

/** Splats fainter than this are skipped; blending stops once transmittance drops below T_MIN. */
export const ALPHA_MIN = 1 / 255;
export const ALPHA_MAX = 0.99;
export const T_MIN = 1e-4;

export interface RasterTargets<F extends FloatArray = Float32Array> {
  /** RGBA [H, W, 4]: colour composited over the background, alpha = 1 - transmittance. */
  rgba: F;
  /** Expected camera depth of the visible splats [H, W], +Infinity where nothing is drawn. */
  depth: F;
}

/**
 * What the backward pass needs from the forward, per pixel [H, W] (as gsplat and the INRIA
 * rasterizer keep it): the final transmittance, from which the backward walk recovers each
 * splat's transmittance by division, and how many entries of the pixel's tile list the forward
 * walked up to and including its last contributor, so the backward skips exactly the splats that
 * the early stop (or the list's end) left out.
 */
export interface BlendSaved {
  transmittance: Float64Array;
  contributors: Uint32Array;
}

/**
 * Front-to-back alpha blending with the 3DGS rules, tile by tile. Splat-major inside a tile: each
 * splat (nearest first) touches only the pixels of its alpha >= ALPHA_MIN ellipse's bounding box,
 * and the tile stops once every pixel's transmittance hit T_MIN. Per pixel the contributions, their
 * order and the early stop are exactly those of the per-pixel loop of 3DGS, so the result is the
 * same; the work is proportional to covered pixels instead of list length x tile area.
 */
export function blendTilesCpu<F extends FloatArray>(
  p: ProjectedGaussians<FloatArray>,
  lists: TileLists,
  width: number,
  height: number,
  background: readonly [number, number, number],
  out: RasterTargets<F>,
  tiles: { start: number; end: number } = { start: 0, end: lists.tilesX * lists.tilesY },
  saved?: BlendSaved,
): RasterTargets<F> {
  const { uv, conic, opacity, rgb, depth } = p;
  const N = TILE_SIZE * TILE_SIZE;
  const T = new Float64Array(N),
    R = new Float64Array(N),
    G = new Float64Array(N),
    B = new Float64Array(N),
    Z = new Float64Array(N);
  const done = new Uint8Array(N);
  // List index of each pixel's last contributor (-1: none); cheap enough to keep always.
  const last = new Int32Array(N);
  for (let t = tiles.start; t < tiles.end; t++) {
    const tx = t % lists.tilesX,
      ty = (t - tx) / lists.tilesX;
    const x0 = tx * TILE_SIZE,
      y0 = ty * TILE_SIZE;
    const w = Math.min(width, x0 + TILE_SIZE) - x0,
      h = Math.min(height, y0 + TILE_SIZE) - y0;
    T.fill(1);
    R.fill(0);
    G.fill(0);
    B.fill(0);
    Z.fill(0);
    done.fill(0);
    last.fill(-1);
    let remaining = w * h;
    const end = lists.offsets[t + 1]!;
    for (let s = lists.offsets[t]!; s < end && remaining > 0; s++) {
      const i = lists.ids[s]!;
      const u = uv[i * 2]!,
        v = uv[i * 2 + 1]!;
      const ca = conic[i * 3]!,
        cb = conic[i * 3 + 1]!,
        cc = conic[i * 3 + 2]!;
      const op = opacity[i]!;
      // Bounding box of the ellipse where op * exp(power) >= ALPHA_MIN, i.e. d^T C d <= m.
      const m = -2 * Math.log(ALPHA_MIN / op);
      if (!(m > 0)) continue;
      const det = ca * cc - cb * cb;
      const ex = Math.sqrt((m * cc) / det),
        ey = Math.sqrt((m * ca) / det);
      const px0 = Math.max(0, Math.ceil(u - ex - 0.5 - x0)),
        px1 = Math.min(w - 1, Math.floor(u + ex - 0.5 - x0));
      const py0 = Math.max(0, Math.ceil(v - ey - 0.5 - y0)),
        py1 = Math.min(h - 1, Math.floor(v + ey - 0.5 - y0));
      const cr = rgb[i * 3]!,
        cg = rgb[i * 3 + 1]!,
        cbl = rgb[i * 3 + 2]!,
        cz = depth[i]!;
      const cut = Math.log(ALPHA_MIN / op);
      for (let py = py0; py <= py1; py++) {
        const dy = v - (y0 + py + 0.5);
        for (let px = px0; px <= px1; px++) {
          const k = py * TILE_SIZE + px;
          if (done[k]) continue;
          const dx = u - (x0 + px + 0.5);
          const power = -0.5 * (ca * dx * dx + cc * dy * dy) - cb * dx * dy;
          if (power > 0 || power < cut) continue;
          const alpha = Math.min(ALPHA_MAX, op * Math.exp(power));
          if (alpha < ALPHA_MIN) continue;
          const Tk = T[k]!;
          const nextT = Tk * (1 - alpha);
          if (nextT < T_MIN) {
            done[k] = 1;
            remaining--;
            continue;
          }
          const wgt = alpha * Tk;
          R[k] = R[k]! + wgt * cr;
          G[k] = G[k]! + wgt * cg;
          B[k] = B[k]! + wgt * cbl;
          Z[k] = Z[k]! + wgt * cz;
          T[k] = nextT;
          last[k] = s;
        }
      }
    }
    for (let py = 0; py < h; py++) {
      for (let px = 0; px < w; px++) {
        const k = py * TILE_SIZE + px,
          Tk = T[k]!;
        const o = ((y0 + py) * width + x0 + px) * 4;
        out.rgba[o] = R[k]! + Tk * background[0];
        out.rgba[o + 1] = G[k]! + Tk * background[1];
        out.rgba[o + 2] = B[k]! + Tk * background[2];
        out.rgba[o + 3] = 1 - Tk;
        out.depth[(y0 + py) * width + x0 + px] = Tk < 1 ? Z[k]! / (1 - Tk) : Infinity;
        if (saved) {
          saved.transmittance[(y0 + py) * width + x0 + px] = Tk;
          saved.contributors[(y0 + py) * width + x0 + px] =
            last[k]! < 0 ? 0 : last[k]! - lists.offsets[t]! + 1;
        }
      }
    }
  }
  return out;
}
