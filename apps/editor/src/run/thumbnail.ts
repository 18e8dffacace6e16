import { imageToRgba8, type Image } from '@ffavatar/core';

/** A small PNG data URL of an Image (or the first of a list), for the node's thumbnail. */
export function thumbnailOf(value: unknown, maxWidth = 220): string | undefined {
  const img = (Array.isArray(value) ? value[0] : value) as Image | undefined;
  if (!img || typeof img !== 'object' || !('width' in img) || !('data' in img)) return undefined;
  // An empty image (a node may legitimately output 0 x 0) has no picture to show.
  if (img.width === 0 || img.height === 0) return undefined;
  const { width, height, data } = imageToRgba8(img);
  const full = document.createElement('canvas');
  full.width = width;
  full.height = height;
  full
    .getContext('2d')!
    .putImageData(
      new ImageData(
        new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength).slice(),
        width,
        height,
      ),
      0,
      0,
    );
  const scale = Math.min(1, maxWidth / width);
  const small = document.createElement('canvas');
  small.width = Math.max(1, Math.round(width * scale));
  small.height = Math.max(1, Math.round(height * scale));
  small.getContext('2d')!.drawImage(full, 0, 0, small.width, small.height);
  return small.toDataURL('image/png');
}
