// The document <-> canvas mapping against an in-memory canvas: lossless round trips of the shipped
// graphs, undrawn nodes kept, core's verdict on a new edge, fresh ids.
import { readFileSync } from 'node:fs';
import { loadGraphText, saveGraph, type GraphDocument } from '@ffavatar/core';
import { describe, expect, it } from 'vitest';
import { FfNode } from '../editor/ff-node.js';
import { description, registry } from '../registry.js';
import { fakeEditorHandle } from '../testing/fake-editor-handle.js';
import {
  edgeVerdict,
  freshId,
  graphText,
  loadDocument,
  metaOf,
  serialise,
  toDocument,
  uniqueId,
} from './graph-mapping.js';

const graph = (name: string) => readFileSync(new URL(`../../../../graphs/${name}`, import.meta.url), 'utf8');

async function drawn(doc: GraphDocument) {
  const h = fakeEditorHandle();
  await loadDocument(h, doc);
  return h;
}

const node = (id: string, type: string) => new FfNode(id, description(type)!, {}, {}, undefined);

describe('graph mapping', () => {
  it.each(['portrait-preview.json', 'track-portrait.json', 'ffavatar-classic.json', 'reenact.json'])(
    'round-trips %s byte for byte as core saves it',
    async (name) => {
      const doc = loadGraphText(graph(name), registry).plan!.doc;
      const h = await drawn(doc);
      expect(h.nodes().map((n) => n.fileId)).toEqual(doc.nodes.map((n) => n.id));
      expect(graphText(h, metaOf(doc))).toBe(saveGraph(doc));
      expect(serialise(h, metaOf(doc)).problems).toEqual([]);
    },
  );

  it('keeps nodes of unknown types and their edges, written back after the drawn ones', async () => {
    const doc: GraphDocument = {
      format: 'ffavatar-graph',
      version: 1,
      inputs: {},
      outputs: {},
      nodes: [
        { id: 'mystery', type: 'nope.unknown', ui: { x: 300, y: 0 } },
        { id: 'load', type: 'io.loadImage', ui: { x: 0, y: 0 } },
      ],
      edges: [{ from: 'load.image', to: 'mystery.image' }],
    };
    const meta = metaOf(doc);
    expect(meta.undrawn?.nodes.map((n) => n.id)).toEqual(['mystery']);
    const h = await drawn(doc);
    expect(h.nodes().map((n) => n.fileId)).toEqual(['load']);
    const back = toDocument(h, meta);
    expect(back.nodes.map((n) => n.id)).toEqual(['load', 'mystery']);
    expect(back.edges).toEqual(doc.edges);
    expect(serialise(h, meta).problems.map((p) => p.code)).toContain('unknown_node_type');
  });

  it('draws edges as written but leaves out those naming ports a node does not have', async () => {
    const doc: GraphDocument = {
      format: 'ffavatar-graph',
      version: 1,
      inputs: {},
      outputs: {},
      nodes: [
        { id: 'load', type: 'io.loadImage' },
        { id: 'save', type: 'io.saveImage' },
      ],
      edges: [
        { from: 'load.image', to: 'save.image' },
        { from: 'load.nosuch', to: 'save.image' },
      ],
    };
    const h = await drawn(doc);
    expect(h.wires().map((w) => `${w.from.fileId}.${w.output}->${w.to.fileId}.${w.input}`)).toEqual([
      'load.image->save.image',
    ]);
  });

  it('gives a node without `ui` none until it moves, and frames travel with the document', async () => {
    const frames = [{ title: 'IO', x: -40, y: -70, width: 700, height: 200 }];
    const doc: GraphDocument = {
      format: 'ffavatar-graph',
      version: 1,
      inputs: {},
      outputs: {},
      frames,
      nodes: [{ id: 'load', type: 'io.loadImage' }],
      edges: [],
    };
    const h = await drawn(doc);
    const out = toDocument(h, metaOf(doc));
    expect(out.nodes[0]).toEqual({ id: 'load', type: 'io.loadImage' });
    expect(out.frames).toEqual(frames);
    await h.addNode(node('save', 'io.saveImage'), { x: 10.4, y: 20.6 });
    expect(toDocument(h, metaOf(doc)).nodes[1]!.ui).toEqual({ x: 10, y: 21 });
  });

  it('asks core about an edge the declared types refuse: its message, or null when core accepts it', async () => {
    const h = fakeEditorHandle();
    const num = node('number', 'core.number'),
      save = node('saveImage', 'io.saveImage');
    const paths = node('paths', 'core.paths'),
      load = node('loadImage', 'io.loadImage'),
      anim = node('saveAnimation', 'io.saveAnimation');
    for (const n of [num, save, paths, load, anim]) await h.addNode(n, { x: 0, y: 0 });
    const meta = metaOf({
      format: 'ffavatar-graph',
      version: 1,
      inputs: {},
      outputs: {},
      nodes: [],
      edges: [],
    });
    expect(edgeVerdict(h, meta, { from: num, output: 'value', to: save, input: 'image' })).toMatch(
      /Number|Image/,
    );
    // A mapped node (List<Path> into a Path input) has List<Image> outputs in the plan.
    await h.connect(paths, 'paths', load, 'path');
    expect(edgeVerdict(h, meta, { from: load, output: 'image', to: anim, input: 'frames' })).toBeNull();
  });

  it('picks fresh ids from the type name, past those taken on the canvas and those asked to avoid', async () => {
    const h = fakeEditorHandle();
    expect(freshId(h, 'io.loadImage')).toBe('loadImage');
    await h.addNode(node('loadImage', 'io.loadImage'), { x: 0, y: 0 });
    expect(freshId(h, 'io.loadImage')).toBe('loadImage2');
    expect(uniqueId(h, 'loadImage7')).toBe('loadImage7');
    expect(uniqueId(h, 'loadImage', ['loadImage2'])).toBe('loadImage3');
    expect(freshId(h, 'x.3d')).toBe('_3d');
  });
});
