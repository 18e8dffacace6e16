import type { PortType } from '../../ports/port-type.js';
import { splitPortRef, type GraphDocument } from '../document.js';
import { pointer, type GraphProblem } from '../problems.js';
import type { KnownNode } from './known-nodes.js';

/** Phase 6: each graph output names an existing output port; its type as consumers see it. */
export function checkGraphOutputs(
  doc: GraphDocument,
  nodes: Map<string, KnownNode>,
  outputTypes: Map<string, Record<string, PortType>>,
  problems: GraphProblem[],
): Record<string, { node: string; port: string; type: PortType }> {
  const outputs: Record<string, { node: string; port: string; type: PortType }> = {};
  for (const [name, ref] of Object.entries(doc.outputs)) {
    const { node, port } = splitPortRef(ref);
    const n = nodes.get(node);
    if (!n) {
      problems.push({
        code: 'unknown_node',
        pointer: pointer('outputs', name),
        node,
        message: `graph output "${name}": there is no node "${node}"`,
      });
      continue;
    }
    if (!n.entry) continue;
    const type = outputTypes.get(node)?.[port];
    if (!type) {
      problems.push({
        code: 'unknown_port',
        pointer: pointer('outputs', name),
        node,
        port,
        message: `graph output "${name}": node "${node}" has no output "${port}"`,
      });
      continue;
    }
    outputs[name] = { node, port, type };
  }
  return outputs;
}
