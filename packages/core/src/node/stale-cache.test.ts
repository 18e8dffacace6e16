// The cache trusts files by content, not by path: a photo replaced in place, or a model file
// edited, is read again on the next run, with the in-memory cache and with the disk cache.
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineNode, defineNodePackage, output } from '../engine/nodes/define-node.js';
import { fileParam } from '../engine/nodes/file-param.js';
import { Num } from '../engine/ports/builtin-types.js';
import { createRegistry } from '../engine/nodes/registry.js';
import { validateGraph } from '../engine/graph/validate.js';
import { OutputCache } from '../engine/exec/output-cache.js';
import { runGraph } from '../engine/exec/run-graph.js';
import { encodePng } from '../io/image-codec.js';
import coreNodes from '../builtin/index.js';
import { graph } from '../test-support/graph-builder.js';
import { diskCacheStore } from './disk-cache.js';
import { nodeFileAccess } from './file-access.js';
import { packageCodeVersion } from './code-version.js';

/** Reads the model file its param names; returns its first byte. */
const modelNode = defineNode({
  type: 'test.readModel',
  version: 1,
  title: 'Read model',
  category: 'Test',
  params: z.object({ model: fileParam(z.string(), ['.onnx']) }),
  outputs: { first: output(Num) },
  async run({ params, ctx }) {
    return { first: (await ctx.files.read(params.model))[0]! };
  },
});
const registry = createRegistry([coreNodes, defineNodePackage({ name: 'test', nodes: [modelNode] })]);

function png(value: number): Uint8Array {
  return encodePng({ width: 2, height: 2, data: new Uint8Array(16).fill(value) });
}

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'stale-cache-'));
  const roots = { baseDir: dir, outDir: undefined };
  return { dir, roots, files: nodeFileAccess(roots) };
}

const photoGraph = graph({ load: ['io.loadImage'] }, [], {
  inputs: { photo: { to: 'load.path', type: 'Path' } },
  outputs: { image: 'load.image' },
});

describe('stale cache', () => {
  it('a photo replaced in place is decoded again (in-memory cache)', async () => {
    const { dir, roots, files } = setup();
    writeFileSync(join(dir, 'me.png'), png(10));
    const { plan } = validateGraph(photoGraph, registry);
    const cache = new OutputCache();
    const first = await runGraph(plan!, { roots, files, cache, inputs: { photo: 'me.png' } });
    expect((first.outputs.image as { data: Uint8Array }).data[0]).toBe(10);
    const same = await runGraph(plan!, { roots, files, cache, inputs: { photo: 'me.png' } });
    expect(same.nodes.load!.status).toBe('cached');

    writeFileSync(join(dir, 'me.png'), png(200));
    const second = await runGraph(plan!, { roots, files, cache, inputs: { photo: 'me.png' } });
    expect(second.nodes.load!.status).toBe('ran');
    expect((second.outputs.image as { data: Uint8Array }).data[0]).toBe(200);
  });

  it('a photo replaced in place is decoded again (disk cache, a new process each run)', async () => {
    const { dir, roots, files } = setup();
    const cacheDir = join(dir, 'cache');
    writeFileSync(join(dir, 'me.png'), png(10));
    const { plan } = validateGraph(photoGraph, registry);
    const run = () =>
      runGraph(plan!, {
        roots,
        files,
        cache: new OutputCache(1e9, diskCacheStore(cacheDir)),
        inputs: { photo: 'me.png' },
      });
    expect((await run()).nodes.load!.status).toBe('ran');
    expect((await run()).nodes.load!.status).toBe('cached');
    writeFileSync(join(dir, 'me.png'), png(99));
    const again = await run();
    expect(again.nodes.load!.status).toBe('ran');
    expect((again.outputs.image as { data: Uint8Array }).data[0]).toBe(99);
  });

  it('a photo added to a listed folder extends the list', async () => {
    const { dir, roots, files } = setup();
    mkdirSync(join(dir, 'photos'));
    writeFileSync(join(dir, 'photos', 'a.png'), png(1));
    const doc = graph({ list: ['io.listImages'] }, [], {
      inputs: { folder: { to: 'list.folder', type: 'Path' } },
      outputs: { paths: 'list.paths' },
    });
    const { plan } = validateGraph(doc, registry);
    const cache = new OutputCache();
    expect(
      (await runGraph(plan!, { roots, files, cache, inputs: { folder: 'photos' } })).outputs.paths,
    ).toHaveLength(1);
    copyFileSync(join(dir, 'photos', 'a.png'), join(dir, 'photos', 'b.png'));
    const second = await runGraph(plan!, { roots, files, cache, inputs: { folder: 'photos' } });
    expect(second.nodes.list!.status).toBe('ran');
    expect(second.outputs.paths).toHaveLength(2);
  });

  it('an edited model file (a file param) is read again, same size and all', async () => {
    const { dir, roots, files } = setup();
    writeFileSync(join(dir, 'refiner.onnx'), new Uint8Array([1, 2, 3]));
    const { plan } = validateGraph(
      graph({ m: ['test.readModel', { model: 'refiner.onnx' }] }, [], { outputs: { first: 'm.first' } }),
      registry,
    );
    const cache = new OutputCache();
    expect((await runGraph(plan!, { roots, files, cache })).outputs.first).toBe(1);
    expect((await runGraph(plan!, { roots, files, cache })).nodes.m!.status).toBe('cached');
    writeFileSync(join(dir, 'refiner.onnx'), new Uint8Array([7, 2, 3]));
    const retrained = await runGraph(plan!, { roots, files, cache });
    expect(retrained.nodes.m!.status).toBe('ran');
    expect(retrained.outputs.first).toBe(7);
  });

  it('a missing model file is reported by the node, not by the fingerprint', async () => {
    const { roots, files } = setup();
    const { plan } = validateGraph(graph({ m: ['test.readModel', { model: 'gone.onnx' }] }), registry);
    const result = await runGraph(plan!, { roots, files });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ node: 'm', code: 'io' });
    expect(result.errors[0]!.message).toMatch(/cannot read .*gone\.onnx: ENOENT/);
  });

  it('the disk cache keys entries by the code of the node package: other code is a miss', async () => {
    const { dir } = setup();
    const pkg = (name: string, body: string) => {
      mkdirSync(join(dir, name, 'dist'), { recursive: true });
      writeFileSync(join(dir, name, 'package.json'), JSON.stringify({ name, version: '1.0.0' }));
      writeFileSync(join(dir, name, 'dist', 'index.js'), body);
      return `file://${join(dir, name, 'dist', 'index.js')}`;
    };
    const before = pkg('before', 'export const f = (x) => x + 1;\n');
    const after = pkg('after', 'export const f = (x) => x + 2;\n');
    const twin = pkg('twin', 'export const f = (x) => x + 1;\n');
    expect(packageCodeVersion(before)).not.toBe(packageCodeVersion(after));

    const store = diskCacheStore(join(dir, 'cache'));
    store.set('key', { v: 1 }, before);
    expect(store.get('key', before)).toEqual({ v: 1 });
    expect(store.get('key', after)).toBeUndefined();
    // Same code under another name (only package.json differs): still other code, by its manifest.
    expect(store.get('key', twin)).toBeUndefined();
  });
});
