import { describe, expect, it } from 'vitest';
import { FfNode } from '../editor/ff-node.js';
import { description } from '../registry.js';
import { fakeEditorHandle } from '../testing/fake-editor-handle.js';
import { copyFragment, FRAGMENT_FORMAT, parseFragment, pasteFragment, pastePlan } from './clipboard.js';

const node = (id: string, type: string, params: Record<string, unknown> = {}) =>
  new FfNode(id, description(type)!, params, {}, undefined);

async function chain() {
  const h = fakeEditorHandle();
  const paths = node('paths', 'core.paths', { values: ['a.png'] }),
    load = node('load', 'io.loadImage'),
    save = node('save', 'io.saveImage');
  await h.addNode(paths, { x: 0, y: 0 });
  await h.addNode(load, { x: 300.4, y: 10.6 });
  await h.addNode(save, { x: 600, y: 0 });
  await h.connect(paths, 'paths', load, 'path');
  await h.connect(load, 'image', save, 'image');
  return { h, paths, load, save };
}

describe('clipboard', () => {
  it('copies the nodes with whole-pixel positions and only the edges between them', async () => {
    const { h, load, save } = await chain();
    const f = copyFragment(h, [load, save]);
    expect(f.format).toBe(FRAGMENT_FORMAT);
    expect(f.nodes).toEqual([
      { id: 'load', type: 'io.loadImage', ui: { x: 300, y: 11 } },
      { id: 'save', type: 'io.saveImage', ui: { x: 600, y: 0 } },
    ]);
    expect(f.edges).toEqual([{ from: 'load.image', to: 'save.image' }]);
  });

  it('pastes under fresh ids, offset per paste, with the inner edges, as one undo step, selected', async () => {
    const { h, paths, load } = await chain();
    const f = copyFragment(h, [paths, load]);
    const steps = h.separations;
    const { nodes, unknown } = await pasteFragment(h, f, 2);
    expect(unknown).toEqual([]);
    expect(nodes.map((n) => n.fileId)).toEqual(['paths2', 'load2']);
    expect(h.position(nodes[1]!)).toEqual({ x: 300 + 80, y: 11 + 80 });
    expect(nodes[0]!.params).toEqual({ values: ['a.png'] });
    expect(nodes[0]!.params).not.toBe(paths.params);
    expect(
      h
        .wires()
        .filter((w) => nodes.includes(w.to))
        .map((w) => `${w.from.fileId}->${w.to.fileId}`),
    ).toEqual(['paths2->load2']);
    // Begun before and after: the nodes and edges in between are one step.
    expect(h.separations - steps).toBe(2);
    expect(h.selected()).toEqual(nodes);
  });

  it('leaves out node types this editor does not know, and says which', async () => {
    const h = fakeEditorHandle();
    const { nodes, unknown } = await pasteFragment(h, {
      format: FRAGMENT_FORMAT,
      edges: [{ from: 'a.image', to: 'b.image' }],
      nodes: [
        { id: 'a', type: 'io.loadImage' },
        { id: 'b', type: 'nope.unknown' },
      ],
    });
    expect(nodes.map((n) => n.fileId)).toEqual(['a']);
    expect(unknown).toEqual(['nope.unknown']);
    expect(h.wires()).toEqual([]);
  });

  it('reads only fragment text from the clipboard', () => {
    expect(parseFragment('hello')).toBeUndefined();
    expect(parseFragment('{"format":"ffavatar-graph","nodes":[],"edges":[]}')).toBeUndefined();
    expect(parseFragment(`{"format":"${FRAGMENT_FORMAT}","nodes":[],"edges":[]}`)).toEqual({
      format: FRAGMENT_FORMAT,
      nodes: [],
      edges: [],
    });
  });

  it("pastes the page's own copy when the clipboard gives nothing, one step further each time", () => {
    const text = JSON.stringify({ format: FRAGMENT_FORMAT, nodes: [], edges: [] });
    const copied = { text, pastes: 2 };
    expect(pastePlan(undefined, undefined)).toBeUndefined();
    expect(pastePlan(undefined, copied)).toMatchObject({ times: 3, again: true });
    expect(pastePlan(text, copied)).toMatchObject({ times: 3, again: true });
    // Other fragment text: copied elsewhere since, so it lands one step away.
    const other = JSON.stringify({
      format: FRAGMENT_FORMAT,
      nodes: [{ id: 'x', type: 'io.loadImage' }],
      edges: [],
    });
    expect(pastePlan(other, copied)).toMatchObject({ times: 1, again: false });
    expect(pastePlan('not a fragment', copied)).toBeUndefined();
  });
});
