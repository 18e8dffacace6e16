/**
 * Called for each covered pixel with its index (y * width + x) and the screen-space barycentrics
 * of the triangle's corners, in the order they were given.
 */
export type PixelVisitor = (index: number, l0: number, l1: number, l2: number) => void;

/**
 * Visits the pixels of a width x height grid whose centres (x + 0.5, y + 0.5) lie inside the 2D
 * triangle (x0, y0), (x1, y1), (x2, y2), either winding. A centre exactly on an edge shared by two
 * triangles goes to exactly one of them, so a mesh covers each pixel once: every edge function is
 * evaluated from the edge's lexicographically smaller end (so both triangles compute the same
 * value, negated), and a zero counts only for edges that point down (or left, if horizontal)
 * once the triangle is made counter-clockwise. Degenerate and NaN triangles visit nothing.
 */
export function scanTriangle(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  width: number,
  height: number,
  visit: PixelVisitor,
): void {
  const area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
  if (!(area !== 0 && Number.isFinite(area))) return;
  const sign = area > 0 ? 1 : -1;
  const xmin = Math.max(0, Math.ceil(Math.min(x0, x1, x2) - 0.5));
  const xmax = Math.min(width - 1, Math.floor(Math.max(x0, x1, x2) - 0.5));
  const ymin = Math.max(0, Math.ceil(Math.min(y0, y1, y2) - 0.5));
  const ymax = Math.min(height - 1, Math.floor(Math.max(y0, y1, y2) - 0.5));
  if (xmin > xmax || ymin > ymax) return;
  // Edge i is opposite corner i: e0 = (1 -> 2), e1 = (2 -> 0), e2 = (0 -> 1).
  const e0 = edge(x1, y1, x2, y2, sign),
    e1 = edge(x2, y2, x0, y0, sign),
    e2 = edge(x0, y0, x1, y1, sign);
  for (let py = ymin; py <= ymax; py++) {
    const cy = py + 0.5;
    for (let px = xmin; px <= xmax; px++) {
      const cx = px + 0.5;
      const w0 = e0.s * ((e0.bx - e0.ax) * (cy - e0.ay) - (e0.by - e0.ay) * (cx - e0.ax));
      if (w0 < 0 || (w0 === 0 && !e0.owns)) continue;
      const w1 = e1.s * ((e1.bx - e1.ax) * (cy - e1.ay) - (e1.by - e1.ay) * (cx - e1.ax));
      if (w1 < 0 || (w1 === 0 && !e1.owns)) continue;
      const w2 = e2.s * ((e2.bx - e2.ax) * (cy - e2.ay) - (e2.by - e2.ay) * (cx - e2.ax));
      if (w2 < 0 || (w2 === 0 && !e2.owns)) continue;
      const sum = w0 + w1 + w2;
      if (sum <= 0) continue;
      visit(py * width + px, w0 / sum, w1 / sum, w2 / sum);
    }
  }
}

interface Edge {
  ax: number;
  ay: number;
  bx: number;
  by: number;
  s: number;
  owns: boolean;
}

/**
 * Edge from (px, py) to (qx, qy) of a triangle with orientation `sign`, stored from its smaller
 * end. `s` makes the value positive inside; `owns` is the tie rule on the counter-clockwise
 * direction (dy > 0, or dy = 0 and dx < 0), which a neighbour sharing the edge sees reversed.
 */
function edge(px: number, py: number, qx: number, qy: number, sign: number): Edge {
  const dx = (qx - px) * sign,
    dy = (qy - py) * sign;
  const owns = dy > 0 || (dy === 0 && dx < 0);
  const swap = qx < px || (qx === px && qy < py);
  return swap
    ? { ax: qx, ay: qy, bx: px, by: py, s: -sign, owns }
    : { ax: px, ay: py, bx: qx, by: qy, s: sign, owns };
}
