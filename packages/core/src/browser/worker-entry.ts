// The browser worker's entry: bundle it as its own module and give its URL to createBrowserWorkerPool.
import { Comlink } from '../engine/workers/comlink.js';
import { createWorkerApi } from '../engine/workers/worker-runtime.js';
import { fetchFileAccess } from './file-access.js';
import { reportWorkerExits, type DedicatedWorkerScope } from './worker-exit.js';

// `importScripts` exists only in worker scopes: exposing the API on a window would answer the
// page's own messages.
if (typeof (globalThis as { importScripts?: unknown }).importScripts !== 'function') {
  throw new Error(
    '@ffavatar/core browser worker-entry must run in a Web Worker (new Worker(url, { type: "module" }))',
  );
}

const scope = globalThis as unknown as DedicatedWorkerScope;
reportWorkerExits(scope);

Comlink.expose(
  createWorkerApi({
    // Plugins are URLs chosen at run time; bundlers must leave the import to the browser.
    importModule: (specifier) => import(/* @vite-ignore */ /* webpackIgnore: true */ specifier),
    files: (roots) => fetchFileAccess(roots),
  }),
  scope,
);
