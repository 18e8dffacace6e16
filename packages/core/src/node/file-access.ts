import { readdir } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ioCodeOf, NodeError } from '../engine/errors/node-error.js';
import type { FileAccess, FileRoots } from '../engine/exec/node-context.js';
import { resolveAsset } from './assets.js';
import { writeFileAtomic } from './atomic-write.js';
import { checkConfined } from './confine.js';
import { decodeVideoFile } from './ffmpeg-video.js';
import { fileFingerprint } from './file-fingerprint.js';
import { checkInputFile, readInputFile } from './input-limits.js';

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
      return readInputFile(resolvePath(path));
    },
    async fingerprint(path) {
      const abs = resolvePath(path);
      // Hashing streams the whole file: a device or an oversized file is refused before that.
      checkInputFile(abs);
      return fileFingerprint(abs);
    },
    async list(path) {
      const abs = resolvePath(path);
      try {
        const entries = await readdir(abs, { withFileTypes: true });
        return entries
          .filter((e) => e.isFile())
          .map((e) => e.name)
          .sort();
      } catch (err) {
        throw ioError(`cannot list ${abs}`, err);
      }
    },
    decodeVideo(path, selection, signal) {
      return decodeVideoFile(resolvePath(path), selection, signal);
    },
    async write(relPath, data) {
      const target = outputPath(roots, relPath);
      await writeFileAtomic(target, data, { confineTo: resolve(roots.outDir!) });
      return target;
    },
  };
}

/** A file-system failure as a coded error: `unavailable` when its errno may pass, else `io`. */
function ioError(what: string, err: unknown): NodeError {
  const errno = (err as NodeJS.ErrnoException).code;
  return new NodeError(ioCodeOf(errno), `${what}: ${errno ?? (err as Error).message}`, { cause: err });
}

/**
 * Resolves a path inside the output folder; refuses one that escapes it, by name (`../x`, an
 * absolute path) or through a symlinked folder inside it (`out/renders -> /elsewhere`).
 */
export function outputPath(roots: FileRoots, relPath: string): string {
  if (!roots.outDir)
    throw new NodeError('bad_input', `cannot write "${relPath}": this run has no output folder (--out)`);
  const out = resolve(roots.outDir);
  const target = resolve(out, relPath);
  const rel = relative(out, target);
  if (isAbsolute(relPath) || rel === '' || rel.startsWith(`..${sep}`) || rel === '..') {
    throw new NodeError('bad_input', `output path "${relPath}" escapes the output folder ${out}`);
  }
  const abs = join(out, rel);
  checkConfined(out, abs, relPath);
  return abs;
}
