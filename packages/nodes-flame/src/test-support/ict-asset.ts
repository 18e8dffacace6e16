import { readFileSync } from 'node:fs';
import type { HeadModel } from '@ffavatar/core';
import { resolveAsset } from '@ffavatar/core/node';
import { ICT_ASSET, loadIctFaceKit } from '../ict/load-ict.js';

let cached: HeadModel | undefined;

/** The shared ICT asset, loaded once per test file; throws (naming where it looked) when missing. */
export function ictModel(): HeadModel {
  if (!cached) {
    const path = resolveAsset(ICT_ASSET);
    cached = loadIctFaceKit(new Uint8Array(readFileSync(path)), path);
  }
  return cached;
}
