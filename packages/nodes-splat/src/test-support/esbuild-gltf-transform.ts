import type { Plugin } from 'esbuild';

/**
 * For esbuild bundles of the browser entry (the bundle test, the peer page). glTF-Transform ships
 * one bundle for every platform: its NodeIO class, which we never construct (the GLB nodes use
 * WebIO), loads `node:fs` and `node:path` with a dynamic import when constructed. Those two, from
 * that package only, become empty modules, as vite's browser-external makes them for apps/editor;
 * any other Node built-in still fails the bundle.
 */
export const gltfTransformNodeIo: Plugin = {
  name: 'gltf-transform-node-io',
  setup(b) {
    b.onResolve({ filter: /^node:(fs|path)$/ }, (args) =>
      /[/\\]@gltf-transform[/\\]core[/\\]/.test(args.importer)
        ? { path: args.path, namespace: 'gltf-transform-node-io' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'gltf-transform-node-io' }, () => ({ contents: 'export {};' }));
  },
};
