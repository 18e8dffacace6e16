import type { Image } from '../ports/builtin-types.js';

/** An Image as 8-bit RGBA, converting rgba32f (0..1, clamped) when needed; rgba8 passes through. */
export function imageToRgba8(img: Image): { width: number; height: number; data: Uint8Array } {
  if (img.format === 'rgba8') return { width: img.width, height: img.height, data: img.data as Uint8Array };
  const src = img.data as Float32Array;
  const data = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) data[i] = Math.round(Math.min(1, Math.max(0, src[i]!)) * 255);
  return { width: img.width, height: img.height, data };
}
