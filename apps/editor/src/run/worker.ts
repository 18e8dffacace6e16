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
  '@ffavatar/nodes-model/browser': async () => {
    // The page is cross-origin isolated (vite.config.ts, for SharedArrayBuffer), so the tfjs-wasm
    // inside face-api would pick its threaded build, whose pthread blob workers fail inside a Web
    // Worker. One worker per core already gives the parallelism: keep tfjs single-threaded. (A
    // query on the worker URL, which tfjs also reads, would load this entry module twice.)
    const faceapi = await import('@vladmandic/face-api/dist/face-api.esm.js');
    (faceapi.tf as unknown as { env(): { set(flag: string, value: boolean): void } }).env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    return import('@ffavatar/nodes-model/browser');
  },
  '@ffavatar/nodes-splat/browser': () => import('@ffavatar/nodes-splat/browser'),
};

const scope = globalThis as unknown as DedicatedWorkerScope;
const assetBase = new URL('/assets/', location.origin);

Comlink.expose(
  createWorkerApi({
    importModule: (specifier) => {
      const load = packages[specifier];
      // Anything else is a plugin URL chosen at run time; the bundler must leave it to the browser.
      return load ? load() : import(/* @vite-ignore */ specifier);
    },
    files: (roots) => fetchFileAccess(roots, { assetBase }),
    exit: reportWorkerExits(scope),
  }),
  scope as unknown as Comlink.Endpoint,
);
