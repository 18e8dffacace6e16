import type { FileAccess, FileRoots } from '../engine/exec/node-context.js';
import { decodeVideoBlob } from './webcodecs-video.js';

/**
 * FileAccess over HTTP: a graph's relative paths resolve against `roots.baseDir` taken as a URL
 * (relative to the page or worker script when it is not absolute), so a graph served beside its
 * inputs reads them as it would from disk. A page cannot write files or list a server's folders,
 * so those fail with a message that says so, not with a confusing HTTP error. Video decodes with
 * WebCodecs where the browser has it; without it `decodeVideo` is left out, as the host contract asks.
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
  const fetchOk = async (url: string): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(url);
    } catch (err) {
      throw new Error(`cannot read ${url}: ${(err as Error).message}`);
    }
    if (!response.ok)
      throw new Error(`cannot read ${url}: HTTP ${response.status} ${response.statusText}`.trimEnd());
    return response;
  };
  const files: FileAccess = {
    resolve: resolvePath,
    async read(path) {
      return new Uint8Array(await (await fetchOk(resolvePath(path))).arrayBuffer());
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
  if (typeof VideoDecoder !== 'undefined') {
    files.decodeVideo = async (path, selection, signal) => {
      const url = resolvePath(path);
      // A Blob, not an ArrayBuffer: the demuxer reads only the parts it needs from it.
      const blob = await (await fetchOk(url)).blob();
      return decodeVideoBlob(blob, displayName(url), selection, signal);
    };
  }
  return files;
}

/**
 * How errors name a file: its URL, or for an object URL of a picked file the name the editor puts
 * in its fragment (`blob:...#clip.mp4`), since the blob URL itself tells a user nothing.
 */
function displayName(url: string): string {
  const hash = url.indexOf('#');
  if (url.startsWith('blob:') && hash >= 0) return decodeURIComponent(url.slice(hash + 1));
  return url;
}
