// The editor's run worker: core's browser worker runtime (createWorkerApi, fetchFileAccess,
// reportWorkerExits), as in core's browser/worker-entry.ts, with two differences that a bundled app
// needs: node packages are resolved by name from a table of bundled modules (a built app has no
// per-package URLs to import), and `asset:` paths resolve under the page's /assets/.
import * as Comlink from 'comlink';
import { createWorkerApi } from '@ffavatar/core';
import { fetchFileAccess, reportWorkerExits, type DedicatedWorkerScope } from '@ffavatar/core/browser';

const packages: Record<string, () => Promise<unknown>> = {
  '@ffavatar/core/nodes': () => import('@ffavatar/core/nodes'),
  '@ffavatar/nodes-flame': () => import('@ffavatar/nodes-flame'),
  // Keeps tfjs single-threaded in workers itself (the page is cross-origin isolated).
  '@ffavatar/nodes-model/browser': () => import('@ffavatar/nodes-model/browser'),
  '@ffavatar/nodes-splat/browser': () => import('@ffavatar/nodes-splat/browser'),
};

const scope = globalThis as unknown as DedicatedWorkerScope;
const assetBase = new URL('/assets/', location.origin);
reportWorkerExits(scope);

Comlink.expose(
  createWorkerApi({
    importModule: (specifier) => {
      const load = packages[specifier];
      // Anything else is a plugin URL chosen at run time; the bundler must leave it to the browser.
      return load ? load() : import(/* @vite-ignore */ specifier);
    },
    files: (roots) => fetchFileAccess(roots, { assetBase }),
  }),
  scope as unknown as Comlink.Endpoint,
);
