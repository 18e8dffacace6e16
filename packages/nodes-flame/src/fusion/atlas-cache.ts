import type { HeadModel } from '@ffavatar/core';
import { buildUvAtlas, type UvAtlas } from './uv-atlas.js';

// A pure function of (model, size), needed by every per-image fusion node and the densifier in
// the same worker: memoised on the model object, which lives as long as the worker holds it.
const cache = new WeakMap<HeadModel, Map<number, UvAtlas>>();

export function uvAtlasFor(model: HeadModel, size: number): UvAtlas {
  let bySize = cache.get(model);
  if (!bySize) {
    bySize = new Map();
    cache.set(model, bySize);
  }
  let atlas = bySize.get(size);
  if (!atlas) {
    atlas = buildUvAtlas(model, size);
    bySize.set(size, atlas);
  }
  return atlas;
}
