import type { FileAccess, FileRoots } from '../engine/exec/node-context.js';

/**
 * FileAccess over HTTP: a graph's relative paths resolve against `roots.baseDir` taken as a URL
 * (relative to the page or worker script when it is not absolute), so a graph served beside its
 * inputs reads them as it would from disk. A page cannot write files or list a server's folders,
 * so those fail with a message that says so, not with a confusing HTTP error.
 */
export function fetchFileAccess(roots: FileRoots, opts: { assetBase?: string | URL } = {}): FileAccess {
  const here = typeof location === 'undefined' ? undefined : location.href;
  // A folder URL must end in '/', or the last segment would be replaced instead of descended into.
  const base = new URL(roots.baseDir.endsWith('/') ? roots.baseDir : `${roots.baseDir}/`, here);
  const resolvePath = (path: string): string => {
    if (path.startsWith('asset:')) {
      if (!opts.assetBase) {
        throw new Error(
          `cannot resolve "${path}": asset paths need an asset base URL in the browser (fetchFileAccess(roots, { assetBase }))`,
        );
      }
      const assets = String(opts.assetBase);
      return new URL(path.slice('asset:'.length), assets.endsWith('/') ? assets : `${assets}/`).href;
    }
    return new URL(path, base).href;
  };
  return {
    resolve: resolvePath,
    async read(path) {
      const url = resolvePath(path);
      let response: Response;
      try {
        response = await fetch(url);
      } catch (err) {
        throw new Error(`cannot read ${url}: ${(err as Error).message}`);
      }
      if (!response.ok)
        throw new Error(`cannot read ${url}: HTTP ${response.status} ${response.statusText}`.trimEnd());
      return new Uint8Array(await response.arrayBuffer());
    },
    async list(path) {
      throw new Error(
        `listing folders is not available in the browser; cannot list "${path}" (${resolvePath(path)}). Name the files explicitly, or run the graph with the Node runner`,
      );
    },
    async write(relPath) {
      throw new Error(
        `writing files is not available in the browser; "${relPath}" was not written. Take the value from the run's outputs instead, or run the graph with the Node runner (--out)`,
      );
    },
  };
}
