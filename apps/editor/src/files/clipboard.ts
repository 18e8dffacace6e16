// Copy and paste of canvas nodes. The clipboard holds a fragment in the file's own node and edge
// shapes (JSON text), so nodes paste into another tab or editor window, or into a text file.
import { splitPortRef, type GraphDocument } from '@ffavatar/core';
import type { EditorHandle } from '../editor/editor-handle.js';
import { FfNode } from '../editor/ff-node.js';
import { description } from '../registry.js';
import { edgeOf, uniqueId } from './graph-mapping.js';

export const FRAGMENT_FORMAT = 'ffavatar-graph-fragment';
/** Where a pasted copy lands relative to the original, in canvas units. */
const PASTE_OFFSET = 40;

export interface GraphFragment {
  format: typeof FRAGMENT_FORMAT;
  nodes: GraphDocument['nodes'];
  /** Only the edges between copied nodes. */
  edges: GraphDocument['edges'];
}

export function copyFragment(
  handle: Pick<EditorHandle, 'position' | 'wires'>,
  nodes: FfNode[],
): GraphFragment {
  const copied = new Set(nodes);
  return {
    format: FRAGMENT_FORMAT,
    nodes: nodes.map((n) => {
      const p = handle.position(n);
      return {
        id: n.fileId,
        type: n.desc.type,
        ...(n.fileTitle !== undefined ? { title: n.fileTitle } : {}),
        ...(Object.keys(n.params).length > 0 ? { params: structuredClone(n.params) } : {}),
        ui: { ...n.ui, x: Math.round(p.x), y: Math.round(p.y) },
      };
    }),
    edges: handle
      .wires()
      .filter((w) => copied.has(w.from) && copied.has(w.to))
      .map(edgeOf),
  };
}

/** The fragment in clipboard text, or undefined when the text is something else. */
export function parseFragment(text: string): GraphFragment | undefined {
  try {
    const v = JSON.parse(text) as Partial<GraphFragment>;
    return v.format === FRAGMENT_FORMAT && Array.isArray(v.nodes) && Array.isArray(v.edges)
      ? (v as GraphFragment)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Adds a fragment's nodes under fresh ids (`fit` -> `fit2`), `times` steps down and right from
 * where they were copied, with their edges, and selects them. Returns the new nodes and the types it could not place.
 */
export async function pasteFragment(
  handle: Pick<EditorHandle, 'nodes' | 'addNode' | 'connect' | 'separateHistory' | 'select'>,
  fragment: GraphFragment,
  times = 1,
): Promise<{ nodes: FfNode[]; unknown: string[] }> {
  const offset = PASTE_OFFSET * times;
  const placed = new Map<string, FfNode>();
  const unknown: string[] = [];
  // One undo step for the whole paste (nodes and edges), separate from what came before and after.
  handle.separateHistory();
  for (const n of fragment.nodes) {
    const desc = description(n.type);
    if (!desc) {
      unknown.push(n.type);
      continue;
    }
    const id = uniqueId(
      handle,
      n.id,
      [...placed.values()].map((p) => p.fileId),
    );
    const node = new FfNode(id, desc, structuredClone(n.params ?? {}), { ...(n.ui ?? {}) }, n.title);
    await handle.addNode(node, { x: (n.ui?.x ?? 0) + offset, y: (n.ui?.y ?? 0) + offset }, { group: true });
    placed.set(n.id, node);
  }
  for (const e of fragment.edges) {
    const from = splitPortRef(e.from),
      to = splitPortRef(e.to);
    const a = placed.get(from.node),
      b = placed.get(to.node);
    if (a?.outputs[from.port] && b?.inputs[to.port]) await handle.connect(a, from.port, b, to.port);
  }
  handle.separateHistory();
  const nodes = [...placed.values()];
  await handle.select(nodes);
  return { nodes, unknown };
}

/**
 * What a paste puts down: the fragment in the clipboard's text, or the page's own copy when the
 * clipboard gave nothing (no permission, headless); other text on the clipboard means the user
 * copied something else since. Each paste of the same copy lands one step further (`times`), so
 * copies never stack exactly; `again` says it was that copy.
 */
export function pastePlan(
  text: string | undefined,
  copied: { text: string; pastes: number } | undefined,
): { fragment: GraphFragment; times: number; again: boolean } | undefined {
  const fragment = text !== undefined ? parseFragment(text) : copied && parseFragment(copied.text);
  if (!fragment) return undefined;
  const again = copied !== undefined && (text === undefined || text === copied.text);
  return { fragment, times: again ? copied.pastes + 1 : 1, again };
}
