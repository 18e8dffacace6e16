import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ioCodeOf, NodeError } from '../engine/errors/node-error.js';
import type { FileAccess, FileRoots } from '../engine/exec/node-context.js';
import { resolveAsset } from './assets.js';
import { writeFileAtomic } from './atomic-write.js';
import { fileFingerprint } from './file-fingerprint.js';

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
        throw ioError(`cannot read ${abs}`, err);
      }
    },
    async fingerprint(path) {
      return fileFingerprint(resolvePath(path));
    },
    async list(path) {
      const abs = resolvePath(path);
      try {
        const entries = await readdir(abs, { withFileTypes: true });
        return entries.filter((e) => e.isFile()).map((e) => e.name).sort();
      } catch (err) {
        throw ioError(`cannot list ${abs}`, err);
      }
    },
    async write(relPath, data) {
      const target = outputPath(roots, relPath);
      await writeFileAtomic(target, data);
      return target;
    },
  };
}

/** A file-system failure as a coded error: `unavailable` when its errno may pass, else `io`. */
function ioError(what: string, err: unknown): NodeError {
  const errno = (err as NodeJS.ErrnoException).code;
  return new NodeError(ioCodeOf(errno), `${what}: ${errno ?? (err as Error).message}`, { cause: err });
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
