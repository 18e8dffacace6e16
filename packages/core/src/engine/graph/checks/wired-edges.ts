import { splitPortRef, type GraphDocument } from '../document.js';
import { pointer, type GraphProblem } from '../problems.js';
import type { KnownNode } from './known-nodes.js';

interface PortRef {
  node: string;
  port: string;
}
export interface WiredEdge {
  from: PortRef;
  to: PortRef;
  index: number;
}

export interface Wiring {
  /** node id -> input port -> the edge feeding it. */
  incoming: Map<string, Map<string, { from: PortRef; edgeIndex: number }>>;
  /** Inputs wired to something invalid ("node.port"): their root cause is reported already. */
  attempted: Set<string>;
  /** Edges whose both ends resolved. */
  edges: WiredEdge[];
}

/** Phase 2: both ends of every edge resolve, and no input takes two edges. Silent downstream of an unknown node type. */
export function checkEdges(
  doc: GraphDocument,
  nodes: Map<string, KnownNode>,
  problems: GraphProblem[],
): Wiring {
  const wiring: Wiring = { incoming: new Map(), attempted: new Set(), edges: [] };
  doc.edges.forEach((e, index) => {
    const from = splitPortRef(e.from);
    const to = splitPortRef(e.to);
    let ok = true;
    for (const [end, ref, side] of [
      ['from', from, 'outputs'],
      ['to', to, 'inputs'],
    ] as const) {
      const node = nodes.get(ref.node);
      if (!node) {
        problems.push({
          code: 'unknown_node',
          pointer: pointer('edges', index, end),
          node: ref.node,
          message: `edge ${e.from} -> ${e.to}: there is no node "${ref.node}"`,
        });
        ok = false;
      } else if (node.entry && !(ref.port in node.entry.def[side])) {
        const names = Object.keys(node.entry.def[side]);
        problems.push({
          code: 'unknown_port',
          pointer: pointer('edges', index, end),
          node: ref.node,
          port: ref.port,
          message: `edge ${e.from} -> ${e.to}: node "${ref.node}" (${node.entry.def.type}) has no ${side === 'inputs' ? 'input' : 'output'} "${ref.port}"; it has ${names.length ? names.join(', ') : 'none'}`,
        });
        ok = false;
      } else if (!node.entry) ok = false;
    }
    if (!ok) {
      // The input is wired, just not to something valid: its root cause is reported, "missing" would be noise.
      if (nodes.get(to.node)?.entry?.def.inputs[to.port]) wiring.attempted.add(e.to);
      return;
    }
    const slots = wiring.incoming.get(to.node) ?? new Map();
    wiring.incoming.set(to.node, slots);
    if (slots.has(to.port)) {
      problems.push({
        code: 'input_connected_twice',
        pointer: pointer('edges', index, 'to'),
        node: to.node,
        port: to.port,
        message: `input ${e.to} is connected twice; an input takes one edge`,
      });
      return;
    }
    slots.set(to.port, { from, edgeIndex: index });
    wiring.edges.push({ from, to, index });
  });
  return wiring;
}
