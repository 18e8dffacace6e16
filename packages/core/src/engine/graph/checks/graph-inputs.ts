import type { NodeRegistry } from '../../nodes/registry.js';
import { portTypeByName } from '../../ports/builtin-types.js';
import type { PortType } from '../../ports/port-type.js';
import { normaliseInput, splitPortRef, type GraphDocument } from '../document.js';
import { pointer, type GraphProblem } from '../problems.js';
import type { PlannedInput } from '../validate.js';
import type { KnownNode } from './known-nodes.js';
import type { Wiring } from './wired-edges.js';

export interface BoundInputs {
  inputs: Record<string, PlannedInput>;
  /** "node.port" -> the graph input feeding it. */
  bound: Map<string, string>;
}

/** Phase 3: each graph input names known ports that nothing else feeds; its type is declared or taken from them. */
export function checkGraphInputs(
  doc: GraphDocument,
  registry: NodeRegistry,
  nodes: Map<string, KnownNode>,
  wiring: Wiring,
  problems: GraphProblem[],
): BoundInputs {
  const inputs: Record<string, PlannedInput> = {};
  const bound = new Map<string, string>();
  for (const [name, spec] of Object.entries(doc.inputs)) {
    const input = normaliseInput(spec);
    let type: PortType | undefined;
    if (input.type !== undefined) {
      type = portTypeByName(input.type, registry.portTypes());
      if (!type)
        problems.push({
          code: 'unknown_port_type',
          pointer: pointer('inputs', name, 'type'),
          received: input.type,
          message: `graph input "${name}": unknown port type "${input.type}"`,
        });
    }
    input.targets.forEach((target, t) => {
      const ref = splitPortRef(target);
      const where =
        typeof spec === 'string'
          ? pointer('inputs', name)
          : pointer('inputs', name, 'to', ...(input.targets.length > 1 ? [t] : []));
      const node = nodes.get(ref.node);
      if (!node) {
        problems.push({
          code: 'unknown_node',
          pointer: where,
          node: ref.node,
          message: `graph input "${name}": there is no node "${ref.node}"`,
        });
        return;
      }
      if (!node.entry) return;
      const port = node.entry.def.inputs[ref.port];
      if (!port) {
        problems.push({
          code: 'unknown_port',
          pointer: where,
          node: ref.node,
          port: ref.port,
          message: `graph input "${name}": node "${ref.node}" has no input "${ref.port}"`,
        });
        return;
      }
      if (wiring.incoming.get(ref.node)?.has(ref.port) || bound.has(target)) {
        problems.push({
          code: 'input_connected_twice',
          pointer: where,
          node: ref.node,
          port: ref.port,
          message: `input ${target} is fed by graph input "${name}" and by something else`,
        });
        return;
      }
      bound.set(target, name);
      type ??= port.type;
    });
    if (type) inputs[name] = { name, type, default: input.default, description: input.description };
  }
  return { inputs, bound };
}
