import type { GraphDocument } from '../document.js';
import { pointer, type GraphProblem } from '../problems.js';
import type { KnownNode } from './known-nodes.js';
import type { WiredEdge } from './wired-edges.js';

/** Phase 4: a topological order of the known nodes (Kahn); those left over sit on or behind a cycle, each cycle reported once. */
export function orderNodes(
  doc: GraphDocument,
  nodes: Map<string, KnownNode>,
  edges: WiredEdge[],
  problems: GraphProblem[],
): { order: string[]; cyclic: string[] } {
  const known = [...nodes.entries()].filter(([, n]) => n.entry).map(([id]) => id);
  const indegree = new Map(known.map((id) => [id, 0]));
  const downstream = new Map<string, string[]>();
  for (const e of edges) {
    indegree.set(e.to.node, (indegree.get(e.to.node) ?? 0) + 1);
    downstream.set(e.from.node, [...(downstream.get(e.from.node) ?? []), e.to.node]);
  }
  const ready = known.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const next of downstream.get(id) ?? []) {
      const d = indegree.get(next)! - 1;
      indegree.set(next, d);
      if (d === 0) ready.push(next);
    }
  }
  const ordered = new Set(order);
  const cyclic = known.filter((id) => !ordered.has(id));
  reportCycles(cyclic, edges, doc, problems);
  return { order, cyclic };
}

function reportCycles(
  cyclic: string[],
  edges: WiredEdge[],
  doc: GraphDocument,
  problems: GraphProblem[],
): void {
  const remaining = new Set(cyclic);
  // Nodes that are only downstream of a cycle are left over by Kahn too; report each true cycle once.
  while (remaining.size > 0) {
    const start = remaining.values().next().value as string;
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let current: string | undefined = start;
    while (current !== undefined && !onPath.has(current)) {
      onPath.set(current, path.length);
      path.push(current);
      const cur: string = current;
      current = edges.find((e) => e.from.node === cur && remaining.has(e.to.node))?.to.node;
    }
    if (current === undefined) {
      for (const n of path) remaining.delete(n);
      continue;
    }
    const loop = path.slice(onPath.get(current));
    const closing = edges.find((e) => e.from.node === loop[loop.length - 1] && e.to.node === loop[0]);
    problems.push({
      code: 'cycle',
      pointer: closing
        ? pointer('edges', closing.index)
        : pointer(
            'nodes',
            doc.nodes.findIndex((n) => n.id === loop[0]),
          ),
      node: loop[0]!,
      message: `nodes ${[...loop, loop[0]].join(' -> ')} form a cycle`,
    });
    for (const n of path) remaining.delete(n);
  }
}
