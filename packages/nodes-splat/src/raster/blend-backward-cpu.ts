import { ALPHA_MAX, ALPHA_MIN, type BlendSaved } from './blend-cpu.js';
import type { FloatArray, ProjectedGaussians } from './projected.js';
import { TILE_SIZE, type TileLists } from './tiles.js';

/**
 * Gradients of the loss with respect to the projected Gaussians (the blend's inputs), f64 [N, ...]
 * like `ProjectedGaussians`: centre (u, v), conic (a, b, c) of [[a, b], [b, c]] (b is the one
 * off-diagonal entry, as the blend reads it), opacity after the sigmoid, colour after the clamp.
 */
export interface ProjectedGradients {
  count: number;
  uv: Float64Array;
  conic: Float64Array;
  opacity: Float64Array;
  rgb: Float64Array;
}

export function allocateProjectedGradients(n: number): ProjectedGradients {
  return {
    count: n,
    uv: new Float64Array(n * 2),
    conic: new Float64Array(n * 3),
    opacity: new Float64Array(n),
    rgb: new Float64Array(n * 3),
  };
}

/**
 * Backward of `blendTilesCpu`. `dRgba` [H, W, 4] holds dL/d(R, G, B) and dL/d(alpha) per pixel (the
 * layout of the rendered RGBA). Gradients are added into `out` (zero it for a fresh pass), so tile
 * ranges can be split across callers and summed.
 *
 * Each tile is walked splat-major, back to front, from the last entry any of its pixels used: per
 * pixel the walk skips list entries at or beyond its saved contributor count (what the forward's
 * early stop left out), and re-tests each splat with the forward's exact expressions (same ellipse
 * box, same power cut, same 1/255 skip), so the gradient is that of the image actually rendered.
 * A pixel's transmittance before splat i is recovered from the one after it, T_i = T_{i+1} / (1 - a_i)
 * (a_i <= 0.99, so the division is safe). Per pixel, with dC = dL/dRGB, dA = dL/dalpha, T_N the final
 * transmittance and bg the background,
 *   dL/da_i = T_i (c_i . dC) + Q_i / (1 - a_i),   Q_i = T_N (dA - bg . dC) - sum_{j > i} a_j T_j (c_j . dC),
 * which needs one running scalar Q per pixel. Splat-major order lets each splat's sums over its pixels
 * stay in registers and be written once per tile.
 * Depth is not differentiated (the loss terms use colour and alpha).
 */
export function blendBackwardCpu(
  p: ProjectedGaussians<FloatArray>,
  lists: TileLists,
  width: number,
  height: number,
  background: readonly [number, number, number],
  saved: BlendSaved,
  dRgba: FloatArray,
  out: ProjectedGradients,
  tiles: { start: number; end: number } = { start: 0, end: lists.tilesX * lists.tilesY },
): ProjectedGradients {
  const { uv, conic, opacity, rgb } = p;
  const N = TILE_SIZE * TILE_SIZE;
  const T = new Float64Array(N),
    Q = new Float64Array(N);
  const dR = new Float64Array(N),
    dG = new Float64Array(N),
    dB = new Float64Array(N);
  const end = new Uint32Array(N);
  const [bgR, bgG, bgB] = background;
  const gUv = out.uv,
    gConic = out.conic,
    gOpacity = out.opacity,
    gRgb = out.rgb;
  for (let t = tiles.start; t < tiles.end; t++) {
    const tx = t % lists.tilesX,
      ty = (t - tx) / lists.tilesX;
    const x0 = tx * TILE_SIZE,
      y0 = ty * TILE_SIZE;
    const w = Math.min(width, x0 + TILE_SIZE) - x0,
      h = Math.min(height, y0 + TILE_SIZE) - y0;
    const first = lists.offsets[t]!;
    let walkEnd = first;
    end.fill(0);
    for (let py = 0; py < h; py++) {
      for (let px = 0; px < w; px++) {
        const k = py * TILE_SIZE + px,
          pix = (y0 + py) * width + x0 + px;
        const n = saved.contributors[pix]!;
        if (n === 0) continue;
        const TN = saved.transmittance[pix]!;
        const r = dRgba[pix * 4]!,
          g = dRgba[pix * 4 + 1]!,
          b = dRgba[pix * 4 + 2]!,
          da = dRgba[pix * 4 + 3]!;
        T[k] = TN;
        dR[k] = r;
        dG[k] = g;
        dB[k] = b;
        Q[k] = TN * (da - (bgR * r + bgG * g + bgB * b));
        end[k] = first + n;
        if (first + n > walkEnd) walkEnd = first + n;
      }
    }
    for (let s = walkEnd - 1; s >= first; s--) {
      const i = lists.ids[s]!;
      const u = uv[i * 2]!,
        v = uv[i * 2 + 1]!;
      const ca = conic[i * 3]!,
        cb = conic[i * 3 + 1]!,
        cc = conic[i * 3 + 2]!;
      const op = opacity[i]!;
      // The forward's box and cut, computed by the same expressions from the same values.
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
        cbl = rgb[i * 3 + 2]!;
      const cut = Math.log(ALPHA_MIN / op);
      let su = 0,
        sv = 0,
        sa = 0,
        sb = 0,
        sc = 0,
        sop = 0,
        sr = 0,
        sg = 0,
        sbl = 0;
      for (let py = py0; py <= py1; py++) {
        const dy = v - (y0 + py + 0.5);
        for (let px = px0; px <= px1; px++) {
          const k = py * TILE_SIZE + px;
          if (s >= end[k]!) continue;
          const dx = u - (x0 + px + 0.5);
          const power = -0.5 * (ca * dx * dx + cc * dy * dy) - cb * dx * dy;
          if (power > 0 || power < cut) continue;
          const gauss = Math.exp(power);
          const raw = op * gauss;
          const alpha = Math.min(ALPHA_MAX, raw);
          if (alpha < ALPHA_MIN) continue;
          const oneMinus = 1 - alpha;
          const Ti = T[k]! / oneMinus;
          const r = dR[k]!,
            g = dG[k]!,
            b = dB[k]!;
          const cDot = cr * r + cg * g + cbl * b;
          const wgt = alpha * Ti;
          sr += wgt * r;
          sg += wgt * g;
          sbl += wgt * b;
          const dAlpha = Ti * cDot + Q[k]! / oneMinus;
          Q[k] = Q[k]! - wgt * cDot;
          T[k] = Ti;
          // Clamped at ALPHA_MAX, alpha is constant in opacity and position.
          if (raw > ALPHA_MAX) continue;
          sop += gauss * dAlpha;
          const dPower = raw * dAlpha;
          su -= dPower * (ca * dx + cb * dy);
          sv -= dPower * (cc * dy + cb * dx);
          sa -= 0.5 * dPower * dx * dx;
          sb -= dPower * dx * dy;
          sc -= 0.5 * dPower * dy * dy;
        }
      }
      gUv[i * 2] = gUv[i * 2]! + su;
      gUv[i * 2 + 1] = gUv[i * 2 + 1]! + sv;
      gConic[i * 3] = gConic[i * 3]! + sa;
      gConic[i * 3 + 1] = gConic[i * 3 + 1]! + sb;
      gConic[i * 3 + 2] = gConic[i * 3 + 2]! + sc;
      gOpacity[i] = gOpacity[i]! + sop;
      gRgb[i * 3] = gRgb[i * 3]! + sr;
      gRgb[i * 3 + 1] = gRgb[i * 3 + 1]! + sg;
      gRgb[i * 3 + 2] = gRgb[i * 3 + 2]! + sbl;
    }
  }
  return out;
}
