import type { Rgba8 } from '../landmarks/landmark-backend.js';

/** An opaque sRGB colour, 0..255 per channel. */
export type Rgb = readonly [number, number, number];

/**
 * Minimal drawing on an rgba8 buffer, in the continuous pixel frame of CONVENTIONS.md (pixel (i, j)
 * covers [i, i+1) x [j, j+1), its centre at +0.5), so a point drawn at a landmark's coordinates lands
 * on the pixel the landmark is in. Everything clips at the image edges.
 */
function setPixel(img: Rgba8, x: number, y: number, color: Rgb): void {
  if (x < 0 || y < 0 || x >= img.width || y >= img.height) return;
  const o = (y * img.width + x) * 4;
  img.data[o] = color[0];
  img.data[o + 1] = color[1];
  img.data[o + 2] = color[2];
  img.data[o + 3] = 255;
}

/** Every pixel whose centre lies within `radius` of (cx, cy). */
export function fillDisc(img: Rgba8, cx: number, cy: number, radius: number, color: Rgb): void {
  const r2 = radius * radius;
  for (let y = Math.floor(cy - radius); y <= Math.ceil(cy + radius); y++) {
    for (let x = Math.floor(cx - radius); x <= Math.ceil(cx + radius); x++) {
      const dx = x + 0.5 - cx,
        dy = y + 0.5 - cy;
      if (dx * dx + dy * dy <= r2) setPixel(img, x, y, color);
    }
  }
}

/** A one-pixel line: the pixels under samples taken at most half a pixel apart. */
export function drawLine(img: Rgba8, x0: number, y0: number, x1: number, y1: number, color: Rgb): void {
  const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) * 2));
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    setPixel(img, Math.floor(x0 + (x1 - x0) * t), Math.floor(y0 + (y1 - y0) * t), color);
  }
}

/** A rectangle outline `thickness` pixels wide, drawn inside the box [x, x+w) x [y, y+h). */
export function strokeRect(
  img: Rgba8,
  x: number,
  y: number,
  w: number,
  h: number,
  thickness: number,
  color: Rgb,
): void {
  const x0 = Math.round(x),
    y0 = Math.round(y),
    x1 = Math.round(x + w),
    y1 = Math.round(y + h);
  for (let t = 0; t < thickness; t++) {
    for (let px = x0; px < x1; px++) {
      setPixel(img, px, y0 + t, color);
      setPixel(img, px, y1 - 1 - t, color);
    }
    for (let py = y0; py < y1; py++) {
      setPixel(img, x0 + t, py, color);
      setPixel(img, x1 - 1 - t, py, color);
    }
  }
}
