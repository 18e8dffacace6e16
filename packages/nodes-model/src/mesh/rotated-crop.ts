import type { Rgba8 } from '../landmarks/landmark-backend.js';

/**
 * A square region of an image, turned by `angle` (radians, image axes: x right, y down, so a
 * positive angle turns clockwise on screen). The face-mesh nets expect an upright face filling a
 * fixed-size square; a crop turned by the eye line gives them that for any head roll.
 */
export interface RotatedSquare {
  /** Centre, image pixels. */
  readonly cx: number;
  readonly cy: number;
  /** Side, image pixels. */
  readonly side: number;
  readonly angle: number;
  /** Mirror left-right (the iris net knows one eye; the other is shown to it mirrored). */
  readonly mirror?: boolean;
}

/**
 * The square resampled to `size` x `size` RGB in [0, 1], row-major HWC (what the tfjs graphs take),
 * bilinear; outside the image is black, as MediaPipe pads.
 */
export function sampleSquare(image: Rgba8, roi: RotatedSquare, size: number): Float32Array {
  const out = new Float32Array(size * size * 3);
  const { width: W, height: H, data } = image;
  const scale = roi.side / size,
    cos = Math.cos(roi.angle),
    sin = Math.sin(roi.angle);
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      const du = ((roi.mirror ? size - 1 - u : u) + 0.5 - size / 2) * scale,
        dv = (v + 0.5 - size / 2) * scale;
      // Pixel centres are at +0.5: shift to sample indices.
      const x = roi.cx + cos * du - sin * dv - 0.5,
        y = roi.cy + sin * du + cos * dv - 0.5;
      const x0 = Math.floor(x),
        y0 = Math.floor(y),
        fx = x - x0,
        fy = y - y0;
      const o = (v * size + u) * 3;
      for (let dy = 0; dy < 2; dy++) {
        const yy = y0 + dy;
        if (yy < 0 || yy >= H) continue;
        const wy = dy ? fy : 1 - fy;
        for (let dx = 0; dx < 2; dx++) {
          const xx = x0 + dx;
          if (xx < 0 || xx >= W) continue;
          const w = wy * (dx ? fx : 1 - fx);
          const i = (yy * W + xx) * 4;
          out[o] = out[o]! + (w * data[i]!) / 255;
          out[o + 1] = out[o + 1]! + (w * data[i + 1]!) / 255;
          out[o + 2] = out[o + 2]! + (w * data[i + 2]!) / 255;
        }
      }
    }
  }
  return out;
}

/**
 * Maps points from a `size`-pixel crop of `roi` back to image pixels, in place: `xy` holds `count`
 * points with `stride` numbers each (x, y first; a z, if present, is scaled to image pixels too).
 */
export function cropToImage(
  xy: Float32Array,
  count: number,
  stride: number,
  roi: RotatedSquare,
  size: number,
): void {
  const scale = roi.side / size,
    cos = Math.cos(roi.angle),
    sin = Math.sin(roi.angle);
  for (let i = 0; i < count; i++) {
    const o = i * stride;
    const du = ((roi.mirror ? size - xy[o]! : xy[o]!) - size / 2) * scale,
      dv = (xy[o + 1]! - size / 2) * scale;
    xy[o] = roi.cx + cos * du - sin * dv;
    xy[o + 1] = roi.cy + sin * du + cos * dv;
    if (stride > 2) xy[o + 2] = xy[o + 2]! * scale;
  }
}
