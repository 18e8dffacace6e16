// An in-memory canvas for unit tests: the EditorHandle contract without Rete or a page. Connections
// are refused as the canvas refuses them while not loading a file: unknown ports, a taken input.
import type { GraphFrame } from '@ffavatar/core';
import type { Box, EditorHandle, Point, Wire } from '../editor/editor-handle.js';
import type { FfNode } from '../editor/ff-node.js';

export interface FakeEditorHandle extends EditorHandle {
  /** History steps begun (separateHistory), to check what undoes together. */
  readonly separations: number;
}

export function fakeEditorHandle(): FakeEditorHandle {
  let nodes: FfNode[] = [];
  let wires: Wire[] = [];
  let frames: GraphFrame[] = [];
  let selection: FfNode[] = [];
  let loading = false;
  let separations = 0;
  const positions = new Map<FfNode, Point>();
  const handle: FakeEditorHandle = {
    get separations() {
      return separations;
    },
    nodes: () => [...nodes],
    wires: () => [...wires],
    frames: {
      list: () => frames.map((f) => ({ ...f })),
      set: (next) => {
        frames = next.map((f) => ({ ...f }));
      },
      add: (f) => {
        frames = [...frames, { ...f }];
      },
    },
    async addNode(node, at, opts) {
      if (!opts?.group) separations++;
      nodes.push(node);
      positions.set(node, { ...at });
    },
    async connect(from, output, to, input) {
      if (!from.outputs[output] || !to.inputs[input]) return false;
      if (!loading && wires.some((w) => w.to === to && w.input === input)) return false;
      wires.push({ from, output, to, input });
      return true;
    },
    separateHistory() {
      separations++;
    },
    async removeNodes(gone) {
      wires = wires.filter((w) => !gone.includes(w.from) && !gone.includes(w.to));
      nodes = nodes.filter((n) => !gone.includes(n));
    },
    selected: () => [...selection],
    async select(next) {
      selection = [...next];
    },
    box: (n): Box => ({ ...(positions.get(n) ?? { x: 0, y: 0 }), width: n.width, height: n.height }),
    position: (n) => ({ ...(positions.get(n) ?? { x: 0, y: 0 }) }),
    toCanvas: (x, y) => ({ x, y }),
    viewCentre: () => ({ x: 0, y: 0 }),
    refresh() {},
    async clear() {
      nodes = [];
      wires = [];
      frames = [];
      selection = [];
      positions.clear();
    },
    async whileLoading(fn) {
      loading = true;
      try {
        await fn();
      } finally {
        loading = false;
      }
    },
    clearHistory() {},
    async undo() {},
    async redo() {},
    async arrange() {},
    async zoomToFit() {},
    destroy() {},
  };
  return handle;
}
