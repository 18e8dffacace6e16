// Test images: the bundled portrait, and images composed from it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeImage, encodePng } from '@ffavatar/core/io';
import { imageToRgba8, type Image } from '@ffavatar/core';
import { resolveAsset } from '@ffavatar/core/node';
import type { Rgba8 } from '../landmarks/landmark-backend.js';

/** An Image port value known to be rgba8. */
export type Rgba8Image = Image & { format: 'rgba8'; data: Uint8Array };

/** A port Image (either format) or a bare rgba8 buffer. */
export type AnyImage = Image | Rgba8;
const rgba8 = (img: AnyImage): Rgba8 => ('format' in img ? imageToRgba8(img as Image) : img);

/** The public-domain astronaut portrait (512x512); throws, naming where it looked, if missing. */
export function loadPortrait(): Rgba8Image {
  const path = resolveAsset('portraits/astronaut.png');
  const img = decodeImage(readFileSync(path), path);
  return { width: img.width, height: img.height, format: 'rgba8', data: img.data };
}

export function solidImage(
  width: number,
  height: number,
  rgb: readonly [number, number, number],
): Rgba8Image {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([rgb[0], rgb[1], rgb[2], 255], i * 4);
  return { width, height, format: 'rgba8', data };
}

/** Images placed left to right on one canvas (top-aligned, grey where an image is shorter). */
export function sideBySide(inputs: readonly AnyImage[]): Rgba8Image {
  const images = inputs.map(rgba8);
  const width = images.reduce((w, i) => w + i.width, 0);
  const height = Math.max(...images.map((i) => i.height));
  const out = solidImage(width, height, [128, 128, 128]);
  let x0 = 0;
  for (const img of images) {
    for (let y = 0; y < img.height; y++) {
      out.data.set(img.data.subarray(y * img.width * 4, (y + 1) * img.width * 4), (y * width + x0) * 4);
    }
    x0 += img.width;
  }
  return out;
}

/** Nearest-neighbour upscale by an integer factor. */
export function upscale(input: AnyImage, factor: number): Rgba8Image {
  const img = rgba8(input);
  const width = img.width * factor,
    height = img.height * factor;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = (((y / factor) | 0) * img.width + ((x / factor) | 0)) * 4;
      data.set(img.data.subarray(s, s + 4), (y * width + x) * 4);
    }
  }
  return { width, height, format: 'rgba8', data };
}

/** The region [x, x+w) x [y, y+h), clipped to the image. */
export function crop(input: AnyImage, x: number, y: number, w: number, h: number): Rgba8Image {
  const img = rgba8(input);
  const x0 = Math.max(0, Math.floor(x)),
    y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(img.width, Math.ceil(x + w)),
    y1 = Math.min(img.height, Math.ceil(y + h));
  const width = x1 - x0,
    height = y1 - y0;
  const data = new Uint8Array(width * height * 4);
  for (let row = 0; row < height; row++) {
    data.set(
      img.data.subarray(((y0 + row) * img.width + x0) * 4, ((y0 + row) * img.width + x1) * 4),
      row * width * 4,
    );
  }
  return { width, height, format: 'rgba8', data };
}

/** `packages/nodes-model/test-output/` (gitignored): files a person looks at after a test run. */
export function writeTestOutput(name: string, img: AnyImage): string {
  const dir = fileURLToPath(new URL('../../test-output/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, encodePng(rgba8(img)));
  return path;
}
