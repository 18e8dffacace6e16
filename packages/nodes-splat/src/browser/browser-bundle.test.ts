// The browser entry bundles for the browser with nothing marked external: no Node built-in, no
// @ffavatar/core/node, no `webgpu` (Dawn) package reaches it. The Node-only GPU loader lives in
// src/node/ (node-gpu.ts, cpu-pool.ts), which only the Node entry imports.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { gltfTransformNodeIo } from '../test-support/esbuild-gltf-transform.js';

const entry = fileURLToPath(new URL('./index.ts', import.meta.url));

describe('browser entry bundle', () => {
  it('bundles with esbuild for the browser, with no Node built-ins and no Node-only modules', async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
      outfile: '/bundle/browser.js',
      metafile: true,
      plugins: [gltfTransformNodeIo],
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    const imports = Object.values(result.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
    expect(
      imports.filter(
        (p) => p.startsWith('node:') || /^(fs|path|os|url|module|worker_threads|child_process)$/.test(p),
      ),
    ).toEqual([]);
    expect(
      inputs.filter(
        (p) =>
          /core\/(dist|src)\/node\//.test(p) ||
          /node_modules\/.*\/webgpu\//.test(p) ||
          /nodes-splat\/src\/node\//.test(p),
      ),
    ).toEqual([]);
    // The entry's own code is in it (the rasterizer's shaders and the node package).
    const js = result.outputFiles[0]!.text;
    expect(js).toContain('splat.rasterize');
    expect(js.length).toBeGreaterThan(10_000);
  }, 60_000);

  it('the Node entry reaches Node built-ins only through dynamic imports (apps/editor bundles it with vite)', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('../index.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
      outfile: '/bundle/node-entry.js',
      metafile: true,
      external: ['node:*', '@ffavatar/core/node', 'webgpu'],
    });
    const staticNode = Object.entries(result.metafile.inputs).flatMap(([file, i]) =>
      i.imports
        .filter(
          (x) =>
            x.kind === 'import-statement' &&
            (x.path.startsWith('node:') || x.path === '@ffavatar/core/node' || x.path === 'webgpu'),
        )
        .map((x) => `${file} -> ${x.path}`),
    );
    expect(staticNode).toEqual([]);
  }, 60_000);
});
