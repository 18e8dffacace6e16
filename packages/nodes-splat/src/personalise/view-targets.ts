import type { Camera, Image } from '@ffavatar/core';

/**
 * What one photo contributes to the personalisation: its pixels in [0, 1] and the mask of pixels
 * the loss reads, both cut to the box around the mask, and the camera of that box (the principal
 * point shifted, the size cropped), so a face that fills a tenth of the photo costs a tenth of it.
 */
export interface ViewTarget {
  /** The camera of the crop (tracked extrinsics, shifted principal point). */
  camera: Camera;
  /** Crop origin in the photo, pixels. */
  x0: number;
  y0: number;
  /** RGB [h, w, 3] in [0, 1] (the photo's sRGB encoding, as the renderer's colours are). */
  rgb: Float32Array;
  /** [h, w]: 1 where the loss reads the pixel. */
  mask: Float32Array;
  /** Pixels with mask 1. */
  pixels: number;
}

/** The photo as straight RGB in [0, 1]; an rgba32f premultiplied image is un-composited from its background. */
export function imageRgb(image: Image): Float32Array {
  const n = image.width * image.height;
  const out = new Float32Array(n * 3);
  const d = image.data;
  const scale = image.format === 'rgba8' ? 1 / 255 : 1;
  const pre = image.alphaMode === 'premultiplied';
  const bg = image.background ?? [0, 0, 0];
  for (let p = 0; p < n; p++) {
    const a = d[p * 4 + 3]! * scale;
    for (let c = 0; c < 3; c++) {
      let v = d[p * 4 + c]! * scale;
      if (pre && a > 0) v = (v - (1 - a) * bg[c]!) / a;
      out[p * 3 + c] = v;
    }
  }
  return out;
}

/**
 * The loss mask of a photo: where the avatar as it stands covers the pixel almost fully (alpha of
 * the initial render >= `minAlpha`), shrunk by `erode` pixels, so background at the silhouette
 * never pulls the head's colours; and, with the photo's person mask (rgba8, its alpha), only where
 * the photo shows the person.
 */
export function coverageMask(
  alpha: ArrayLike<number>,
  width: number,
  height: number,
  minAlpha: number,
  erode: number,
  person?: { data: Uint8Array },
): Uint8Array {
  let m = new Uint8Array(width * height);
  for (let p = 0; p < m.length; p++)
    m[p] = alpha[p]! >= minAlpha && (!person || person.data[p * 4 + 3]! >= 128) ? 1 : 0;
  // Erosion by a (2e+1)^2 square as two separable passes of 1-px erosions.
  for (let r = 0; r < erode; r++) {
    const next = new Uint8Array(m.length);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const p = y * width + x;
        next[p] =
          m[p]! &&
          (x === 0 || m[p - 1]!) &&
          (x === width - 1 || m[p + 1]!) &&
          (y === 0 || m[p - width]!) &&
          (y === height - 1 || m[p + width]!)
            ? 1
            : 0;
      }
    m = next;
  }
  return m;
}

/** Crops photo and mask to the mask's bounding box plus `margin` pixels; null when the mask is empty. */
export function cropView(
  camera: Camera,
  rgb: Float32Array,
  mask: Uint8Array,
  margin: number,
): ViewTarget | null {
  const { width, height } = camera;
  let xMin = width,
    yMin = height,
    xMax = -1,
    yMax = -1;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (mask[y * width + x]) {
        if (x < xMin) xMin = x;
        if (x > xMax) xMax = x;
        if (y < yMin) yMin = y;
        if (y > yMax) yMax = y;
      }
  if (xMax < 0) return null;
  const x0 = Math.max(0, xMin - margin),
    y0 = Math.max(0, yMin - margin);
  const w = Math.min(width, xMax + margin + 1) - x0,
    h = Math.min(height, yMax + margin + 1) - y0;
  const crop = new Float32Array(w * h * 3),
    cropMask = new Float32Array(w * h);
  let pixels = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const src = (y + y0) * width + x + x0,
        dst = y * w + x;
      crop[dst * 3] = rgb[src * 3]!;
      crop[dst * 3 + 1] = rgb[src * 3 + 1]!;
      crop[dst * 3 + 2] = rgb[src * 3 + 2]!;
      cropMask[dst] = mask[src]!;
      pixels += mask[src]!;
    }
  return {
    camera: { ...camera, width: w, height: h, cx: camera.cx - x0, cy: camera.cy - y0 },
    x0,
    y0,
    rgb: crop,
    mask: cropMask,
    pixels,
  };
}
