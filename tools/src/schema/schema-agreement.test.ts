import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadGraphText } from '@ffavatar/core';
import { loadRegistry } from '@ffavatar/headless-runner';
import { SCHEMA_FILE } from './export-schema.js';

const graphsDir = fileURLToPath(new URL('../../../graphs/', import.meta.url));
const preview = JSON.parse(readFileSync(`${graphsDir}portrait-preview.json`, 'utf8'));
const [load, save] = preview.nodes;

/** Variations of a small shipped graph, each wired correctly, so only shape and params decide. */
const withSave = (params: unknown) => ({ ...preview, nodes: [load, { ...save, params }] });
const corpus: Record<string, { graph: unknown; valid: boolean }> = {
  'shipped preview': { graph: preview, valid: true },
  '$schema pointer': { graph: { $schema: 'https://ffavatar.dev/schema/ffavatar-graph.v1.json', ...preview }, valid: true },
  'extra layout keys under ui': { graph: { ...preview, nodes: [{ ...load, ui: { x: 1, y: 2, collapsed: true, color: 'red' } }, save] }, valid: true },
  'a frame': { graph: { ...preview, frames: [{ title: 'IO', x: 0, y: 0, width: 10, height: 10, color: '#fff' }] }, valid: true },
  'jpeg in capitals': { graph: withSave({ path: 'renders/A_{item}.JPEG', quality: 80 }), valid: true },
  'unknown top-level field': { graph: { ...preview, outptus: {} }, valid: false },
  'unknown node field': { graph: { ...preview, nodes: [{ ...load, prams: {} }, save] }, valid: false },
  'unknown edge field': { graph: { ...preview, edges: [{ ...preview.edges[0], label: 'x' }] }, valid: false },
  'unknown graph input field': { graph: { ...preview, inputs: { images: { ...preview.inputs.images, required: true } } }, valid: false },
  'unknown frame field': { graph: { ...preview, frames: [{ title: 'IO', x: 0, y: 0, width: 10, height: 10, locked: true }] }, valid: false },
  'ui without y': { graph: { ...preview, nodes: [{ ...load, ui: { x: 1 } }, save] }, valid: false },
  'unknown param': { graph: withSave({ path: 'a.png', qualty: 80 }), valid: false },
  'param on a node without params': { graph: { ...preview, nodes: [{ ...load, params: { path: 'x.png' } }, save] }, valid: false },
  'param out of range': { graph: withSave({ quality: 500 }), valid: false },
  'save path .bmp': { graph: withSave({ path: 'x.bmp' }), valid: false },
  'save path .': { graph: withSave({ path: '.' }), valid: false },
  'save path a folder': { graph: withSave({ path: 'renders/' }), valid: false },
  'save path with no name': { graph: withSave({ path: 'renders/.png' }), valid: false },
  'unknown node type': { graph: { ...preview, nodes: [load, { ...save, type: 'io.saveImg' }] }, valid: false },
  'wrong format': { graph: { ...preview, format: 'ffavatar' }, valid: false },
  'newer version': { graph: { ...preview, version: 2 }, valid: false },
  'no nodes': { graph: { format: 'ffavatar-graph', version: 1 }, valid: false },
  'a node id with a space': { graph: { format: 'ffavatar-graph', version: 1, nodes: [{ id: 'a b', type: 'core.number' }] }, valid: false },
  'not an object': { graph: [], valid: false },
  'splat save path .txt': { graph: { format: 'ffavatar-graph', version: 1, nodes: [{ id: 'p', type: 'splat.loadPly' }, { id: 's', type: 'splat.savePly', params: { path: 'x.txt' } }], edges: [{ from: 'p.gaussians', to: 's.gaussians' }], inputs: { ply: 'p.path' } }, valid: false },
  'avatar name ..': { graph: { format: 'ffavatar-graph', version: 1, nodes: [{ id: 'n', type: 'core.number', params: { value: 1 } }, { id: 's', type: 'splat.saveAvatar', params: { name: '..' } }], inputs: { a: 's.avatar', m: 's.mesh' } }, valid: false },
  'animation path .png': { graph: { format: 'ffavatar-graph', version: 1, nodes: [{ id: 's', type: 'io.saveAnimation', params: { path: 'turntable.png' } }], inputs: { frames: 's.frames' } }, valid: false },
};

describe('ffavatar validate and the shipped JSON Schema', () => {
  it('agree on every graph of the corpus, and on the shipped graphs', async () => {
    const registry = await loadRegistry({ plugins: [], config: undefined });
    const schema = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
    const shipped = Object.fromEntries(readdirSync(graphsDir).filter((f) => f.endsWith('.json'))
      .map((f) => [f, { graph: JSON.parse(readFileSync(`${graphsDir}${f}`, 'utf8')), valid: true }]));
    for (const [name, { graph, valid }] of Object.entries({ ...corpus, ...shipped })) {
      // loadGraphText is what `ffavatar validate` runs on the file's text.
      const ours = loadGraphText(JSON.stringify(graph), registry);
      expect({ name, validate: ours.problems.length === 0, schema: schema(graph) }, JSON.stringify(ours.problems))
        .toEqual({ name, validate: valid, schema: valid });
    }
  });
});
