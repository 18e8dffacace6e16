import type { Image } from '../engine/ports/builtin-types.js';
import { imageToRgba8 } from '../engine/values/image.js';

/**
 * An image marked `alphaMode: 'premultiplied'` holds colour already composited over `background`
 * (black unless given): rgb = straight * a + (1 - a) * background, which is what a rasterizer's
 * front-to-back blend produces. The Image contract elsewhere is straight alpha (PNG's meaning).
 */
interface PremultipliedMarks {
  alphaMode?: 'straight' | 'premultiplied';
  background?: readonly number[];
}

/**
 * An Image as 8-bit straight-alpha RGBA, what PNG means: a premultiplied image (see
 * PremultipliedMarks) is un-premultiplied here, once, at the file edge. Saved as it was, its
 * colour would be multiplied by alpha a second time by every viewer: dark fringes on any
 * background but black. Other images pass to imageToRgba8 unchanged.
 */
export function imageToStraightRgba8(img: Image): { width: number; height: number; data: Uint8Array } {
  const marks = img as Image & PremultipliedMarks;
  if (marks.alphaMode !== 'premultiplied') return imageToRgba8(img);
  const bg = [0, 1, 2].map((c) => Number(marks.background?.[c] ?? 0));
  const src = img.data;
  const scale = img.format === 'rgba8' ? 1 / 255 : 1;
  const data = new Uint8Array(img.width * img.height * 4);
  for (let p = 0; p < data.length; p += 4) {
    const a = Math.min(1, Math.max(0, src[p + 3]! * scale));
    for (let c = 0; c < 3; c++) {
      // Where nothing covers the pixel its colour is invisible; the background is what a viewer
      // that ignores alpha should see.
      const v = a > 0 ? (src[p + c]! * scale - (1 - a) * bg[c]!) / a : bg[c]!;
      data[p + c] = Math.round(Math.min(1, Math.max(0, v)) * 255);
    }
    data[p + 3] = Math.round(a * 255);
  }
  return { width: img.width, height: img.height, data };
}
