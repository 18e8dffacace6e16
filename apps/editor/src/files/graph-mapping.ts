// The edge between the file format (core's GraphDocument) and Rete: the only place that maps ids.
import {
  saveGraph,
  splitPortRef,
  validateGraph,
  type GraphDocument,
  type GraphProblem,
} from '@ffavatar/core';
import type { EditorHandle, Wire } from '../editor/editor-handle.js';
import { FfNode } from '../editor/ff-node.js';
import { description, registry } from '../registry.js';

/**
 * What the canvas does not edit, carried through so a round trip keeps it: the document's other
 * fields, and nodes the canvas cannot draw (unknown types, listed as problems) with their edges,
 * so saving a file opened with problems does not silently drop them.
 */
export type GraphMeta = Omit<GraphDocument, 'nodes' | 'edges' | 'frames'> & {
  undrawn?: { nodes: GraphDocument['nodes']; edges: GraphDocument['edges'] };
};

/** What reading the canvas as a document needs. */
export type CanvasGraph = Pick<EditorHandle, 'nodes' | 'wires' | 'position' | 'frames'>;
/** What drawing a document needs. */
export type CanvasDrawing = Pick<EditorHandle, 'whileLoading' | 'clear' | 'addNode' | 'connect' | 'frames'>;

export const EMPTY_META: GraphMeta = { format: 'ffavatar-graph', version: 1, inputs: {}, outputs: {} };

export function metaOf(doc: GraphDocument): GraphMeta {
  const { nodes: _n, edges: _e, frames: _f, ...meta } = doc;
  const drawable = (id: string) => {
    const n = doc.nodes.find((x) => x.id === id);
    return n !== undefined && description(n.type) !== undefined;
  };
  const nodes = doc.nodes.filter((n) => description(n.type) === undefined);
  const edges = doc.edges.filter(
    (e) => !drawable(splitPortRef(e.from).node) || !drawable(splitPortRef(e.to).node),
  );
  return nodes.length > 0 ? { ...meta, undrawn: { nodes, edges } } : meta;
}

/** Draws a document. Nodes of unknown types are left out (the problems panel names them). */
export async function loadDocument(handle: CanvasDrawing, doc: GraphDocument): Promise<void> {
  await handle.whileLoading(() => drawDocument(handle, doc));
}

async function drawDocument(handle: CanvasDrawing, doc: GraphDocument): Promise<void> {
  await handle.clear();
  const byId = new Map<string, FfNode>();
  for (const n of doc.nodes) {
    const desc = description(n.type);
    if (!desc || byId.has(n.id)) continue;
    const { x = 0, y = 0 } = n.ui ?? {};
    const node = new FfNode(n.id, desc, { ...(n.params ?? {}) }, n.ui ? { ...n.ui } : {}, n.title);
    node.hadUi = n.ui !== undefined;
    byId.set(n.id, node);
    await handle.addNode(node, { x, y });
  }
  for (const e of doc.edges) {
    const from = splitPortRef(e.from);
    const to = splitPortRef(e.to);
    const a = byId.get(from.node);
    const b = byId.get(to.node);
    if (!a || !b || !a.outputs[from.port] || !b.inputs[to.port]) continue;
    await handle.connect(a, from.port, b, to.port);
  }
  handle.frames.set(doc.frames ?? []);
}

/** The canvas as a graph document, nodes and edges in the order they were added. */
export function toDocument(handle: CanvasGraph, meta: GraphMeta): GraphDocument {
  const nodes = handle.nodes();
  const { undrawn, ...fields } = meta;
  const frames = handle.frames.list();
  return {
    ...fields,
    ...(frames.length > 0 ? { frames } : {}),
    nodes: [
      ...nodes.map((n) => {
        const p = handle.position(n);
        return {
          id: n.fileId,
          type: n.desc.type,
          ...(n.fileTitle !== undefined ? { title: n.fileTitle } : {}),
          ...(Object.keys(n.params).length > 0 ? { params: n.params } : {}),
          // Whole pixels: a drag leaves fractions that would only add noise to diffs. A node the file
          // gave no `ui` keeps none until it is moved, so an untouched file saves unchanged.
          ...(n.hadUi || Math.round(p.x) !== 0 || Math.round(p.y) !== 0
            ? { ui: { ...n.ui, x: Math.round(p.x), y: Math.round(p.y) } }
            : {}),
        };
      }),
      ...(undrawn?.nodes ?? []),
    ],
    edges: [...handle.wires().map(edgeOf), ...(undrawn?.edges ?? [])],
  };
}

/** Saved text exactly as the CLI reads it (core's saveGraph), with core's verdict on it. */
export function serialise(handle: CanvasGraph, meta: GraphMeta): { text: string; problems: GraphProblem[] } {
  const text = graphText(handle, meta);
  return { text, problems: validateGraph(JSON.parse(text), registry).problems };
}

/** The saved text alone: what tells an edited graph from the file it was opened from. */
export function graphText(handle: CanvasGraph, meta: GraphMeta): string {
  return saveGraph(toDocument(handle, meta));
}

/**
 * What validateGraph says about the graph with one more edge: the type_mismatch message for that
 * input, or null when core accepts it (for instance a mapped node's List output into a List input).
 */
export function edgeVerdict(handle: CanvasGraph, meta: GraphMeta, wire: Wire): string | null {
  const doc = toDocument(handle, meta);
  doc.edges.push(edgeOf(wire));
  const mismatch = validateGraph(JSON.parse(saveGraph(doc)), registry).problems.find(
    (p) => p.code === 'type_mismatch' && p.node === wire.to.fileId && p.port === wire.input,
  );
  return mismatch ? mismatch.message : null;
}

/** A wire as the file writes it. */
export function edgeOf(w: Wire): GraphDocument['edges'][number] {
  return { from: `${w.from.fileId}.${w.output}`, to: `${w.to.fileId}.${w.input}` };
}

/** A file id not yet used on the canvas, from the node type's last segment (`io.loadImage` -> `loadImage2`). */
export function freshId(handle: Pick<EditorHandle, 'nodes'>, type: string): string {
  return uniqueId(handle, (type.split('.').pop() ?? 'node').replace(/[^\w-]/g, '_').replace(/^(\d)/, '_$1'));
}

/** `base` if no node on the canvas has it, else `base2`, `base3`, ... (a trailing number is replaced). */
export function uniqueId(
  handle: Pick<EditorHandle, 'nodes'>,
  wanted: string,
  also: Iterable<string> = [],
): string {
  const taken = new Set([...handle.nodes().map((n) => n.fileId), ...also]);
  if (!taken.has(wanted)) return wanted;
  const base = wanted.replace(/\d+$/, '') || 'node';
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}
