// Copy and paste of canvas nodes. The clipboard holds a fragment in the file's own node and edge
// shapes (JSON text), so nodes paste into another tab or editor window, or into a text file.
import { splitPortRef, type GraphDocument } from '@ffavatar/core';
import type { EditorHandle } from '../editor/create-editor.js';
import { FfNode } from '../editor/ff-node.js';
import { description } from '../registry.js';
import { uniqueId } from './graph-mapping.js';

export const FRAGMENT_FORMAT = 'ffavatar-graph-fragment';
/** Where a pasted copy lands relative to the original, in canvas units. */
const PASTE_OFFSET = 40;

export interface GraphFragment {
  format: typeof FRAGMENT_FORMAT;
  nodes: GraphDocument['nodes'];
  /** Only the edges between copied nodes. */
  edges: GraphDocument['edges'];
}

export function copyFragment(handle: EditorHandle, nodes: FfNode[]): GraphFragment {
  const ids = new Map(nodes.map((n) => [n.id, n.fileId]));
  return {
    format: FRAGMENT_FORMAT,
    nodes: nodes.map((n) => {
      const p = handle.position(n);
      return {
        id: n.fileId, type: n.desc.type,
        ...(n.fileTitle !== undefined ? { title: n.fileTitle } : {}),
        ...(Object.keys(n.params).length > 0 ? { params: structuredClone(n.params) } : {}),
        ui: { ...n.ui, x: Math.round(p.x), y: Math.round(p.y) },
      };
    }),
    edges: handle.editor.getConnections()
      .filter((c) => ids.has(c.source) && ids.has(c.target))
      .map((c) => ({ from: `${ids.get(c.source)}.${c.sourceOutput}`, to: `${ids.get(c.target)}.${c.targetInput}` })),
  };
}

/** The fragment in clipboard text, or undefined when the text is something else. */
export function parseFragment(text: string): GraphFragment | undefined {
  try {
    const v = JSON.parse(text) as Partial<GraphFragment>;
    return v.format === FRAGMENT_FORMAT && Array.isArray(v.nodes) && Array.isArray(v.edges) ? v as GraphFragment : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Adds a fragment's nodes under fresh ids (`fit` -> `fit2`), `times` steps down and right from
 * where they were copied, with their edges, and selects them. Returns the new nodes and the types it could not place.
 */
export async function pasteFragment(handle: EditorHandle, fragment: GraphFragment, times = 1): Promise<{ nodes: FfNode[]; unknown: string[] }> {
  const offset = PASTE_OFFSET * times;
  const placed = new Map<string, FfNode>();
  const unknown: string[] = [];
  // One undo step for the whole paste (nodes and edges), separate from what came before and after.
  handle.separateHistory();
  for (const n of fragment.nodes) {
    const desc = description(n.type);
    if (!desc) { unknown.push(n.type); continue; }
    const id = uniqueId(handle, n.id, [...placed.values()].map((p) => p.fileId));
    const node = new FfNode(id, desc, structuredClone(n.params ?? {}), { ...(n.ui ?? {}) }, n.title);
    await handle.addNode(node, { x: (n.ui?.x ?? 0) + offset, y: (n.ui?.y ?? 0) + offset }, { group: true });
    placed.set(n.id, node);
  }
  for (const e of fragment.edges) {
    const from = splitPortRef(e.from), to = splitPortRef(e.to);
    const a = placed.get(from.node), b = placed.get(to.node);
    if (a?.outputs[from.port] && b?.inputs[to.port]) await handle.connect(a, from.port, b, to.port);
  }
  handle.separateHistory();
  const nodes = [...placed.values()];
  await handle.select(nodes);
  return { nodes, unknown };
}
