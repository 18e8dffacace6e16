/**
 * Push-pull hole filling: average the known texels down a pyramid (weighted by confidence), then
 * fill each unknown texel from the coarsest level that knows something there. Smooth, no seams
 * from the fill itself, and it reaches any distance in log(size) levels. With `full` > 0, known
 * texels below that weight are blended toward the fill in proportion (the Lumigraph's pull-push),
 * so the edge of what the photos saw, where they saw it at a grazing angle, feathers into the fill
 * rather than ending in a texel staircase. Only the finest level blends: coarse levels keep every
 * observation they average.
 */
export function pushPull(
  colour: Float32Array,
  weight: Float32Array,
  width: number,
  height: number,
  channels: number,
  full = 0,
): void {
  if (width <= 1 && height <= 1) return;
  const w2 = Math.max(1, Math.ceil(width / 2)),
    h2 = Math.max(1, Math.ceil(height / 2));
  const coarse = new Float32Array(w2 * h2 * channels),
    cw = new Float32Array(w2 * h2);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const w = weight[y * width + x]!;
      if (w <= 0) continue;
      const q = (y >> 1) * w2 + (x >> 1);
      cw[q] = cw[q]! + w;
      for (let c = 0; c < channels; c++)
        coarse[q * channels + c] = coarse[q * channels + c]! + w * colour[(y * width + x) * channels + c]!;
    }
  }
  for (let q = 0; q < w2 * h2; q++) {
    if (cw[q]! > 0)
      for (let c = 0; c < channels; c++) coarse[q * channels + c] = coarse[q * channels + c]! / cw[q]!;
  }
  if (w2 < width || h2 < height) pushPull(coarse, cw, w2, h2, channels);
  const keep = (w: number) => (w <= 0 ? 0 : full > 0 ? Math.min(1, w / full) : 1);
  // Pull: unknown texels take the coarse level bilinearly (nearest would leave 2^k-texel blocks).
  for (let y = 0; y < height; y++) {
    const fy = Math.min(h2 - 1, Math.max(0, (y + 0.5) / 2 - 0.5));
    const y0 = Math.floor(fy),
      y1 = Math.min(h2 - 1, y0 + 1),
      ty = fy - y0;
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const own = keep(weight[p]!);
      if (own >= 1) continue;
      const fx = Math.min(w2 - 1, Math.max(0, (x + 0.5) / 2 - 0.5));
      const x0 = Math.floor(fx),
        x1 = Math.min(w2 - 1, x0 + 1),
        tx = fx - x0;
      for (let c = 0; c < channels; c++) {
        const a = coarse[(y0 * w2 + x0) * channels + c]!,
          b = coarse[(y0 * w2 + x1) * channels + c]!;
        const d = coarse[(y1 * w2 + x0) * channels + c]!,
          e = coarse[(y1 * w2 + x1) * channels + c]!;
        const fill = (a * (1 - tx) + b * tx) * (1 - ty) + (d * (1 - tx) + e * tx) * ty;
        colour[p * channels + c] = own * colour[p * channels + c]! + (1 - own) * fill;
      }
    }
  }
}
