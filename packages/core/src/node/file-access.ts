import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FileAccess, FileRoots } from '../engine/exec/node-context.js';
import { resolveAsset } from './assets.js';
import { writeFileAtomic } from './atomic-write.js';

/** Prefix for paths that name an asset, found by the asset resolver: `asset:portraits/astronaut.png`. */
export const ASSET_PREFIX = 'asset:';

export function nodeFileAccess(roots: FileRoots): FileAccess {
  const resolvePath = (path: string): string => {
    if (path.startsWith(ASSET_PREFIX)) return resolveAsset(path.slice(ASSET_PREFIX.length));
    return isAbsolute(path) ? path : resolve(roots.baseDir, path);
  };
  return {
    resolve: resolvePath,
    async read(path) {
      const abs = resolvePath(path);
      try {
        return new Uint8Array(await readFile(abs));
      } catch (err) {
        throw new Error(`cannot read ${abs}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    },
    async list(path) {
      const abs = resolvePath(path);
      try {
        const entries = await readdir(abs, { withFileTypes: true });
        return entries.filter((e) => e.isFile()).map((e) => e.name).sort();
      } catch (err) {
        throw new Error(`cannot list ${abs}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    },
    async write(relPath, data) {
      const target = outputPath(roots, relPath);
      await writeFileAtomic(target, data);
      return target;
    },
  };
}

/** Resolves a path inside the output folder; refuses one that escapes it. */
export function outputPath(roots: FileRoots, relPath: string): string {
  if (!roots.outDir) throw new Error(`cannot write "${relPath}": this run has no output folder (--out)`);
  const out = resolve(roots.outDir);
  const target = resolve(out, relPath);
  const rel = relative(out, target);
  if (isAbsolute(relPath) || rel === '' || rel.startsWith(`..${sep}`) || rel === '..') {
    throw new Error(`output path "${relPath}" escapes the output folder ${out}`);
  }
  return join(out, rel);
}
