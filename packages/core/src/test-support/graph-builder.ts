import type { GraphDocument } from '../engine/graph/document.js';

/** A terse way to write graphs in tests: nodes as `id: [type, params]`, edges as `"a.out -> b.in"`. */
export function graph(
  nodes: Record<string, [string, Record<string, unknown>?]>,
  edges: string[] = [],
  extra: Partial<Pick<GraphDocument, 'inputs' | 'outputs'>> = {},
): GraphDocument {
  return {
    format: 'ffavatar-graph',
    version: 1,
    nodes: Object.entries(nodes).map(([id, [type, params]]) => ({ id, type, ...(params ? { params } : {}) })),
    edges: edges.map((e) => {
      const [from, to] = e.split('->').map((s) => s.trim()) as [string, string];
      return { from, to };
    }),
    inputs: extra.inputs ?? {},
    outputs: extra.outputs ?? {},
  };
}
