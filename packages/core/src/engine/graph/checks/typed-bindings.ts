import { connectionKind, listOf, type PortType } from '../../ports/port-type.js';
import { pointer, type GraphProblem } from '../problems.js';
import type { Binding, PlannedInput, PlannedNode } from '../validate.js';
import type { KnownNode } from './known-nodes.js';
import type { BoundInputs } from './graph-inputs.js';
import type { Wiring } from './wired-edges.js';

/**
 * Phase 5, in order: every input's binding and connection kind (direct, or mapped over a List),
 * required inputs present, types that fit. Nodes on a cycle use their declared types, so
 * mismatches there still show.
 */
export function bindNodes(
  ids: readonly string[],
  nodes: Map<string, KnownNode>,
  wiring: Wiring,
  graphInputs: BoundInputs,
  problems: GraphProblem[],
): { planned: PlannedNode[]; outputTypes: Map<string, Record<string, PortType>> } {
  const outputTypes = new Map<string, Record<string, PortType>>();
  const planned: PlannedNode[] = [];
  for (const id of ids) {
    const node = nodes.get(id)!;
    const def = node.entry!.def;
    const bindings: Record<string, Binding | undefined> = {};
    let mapped = false;
    for (const [portName, spec] of Object.entries(def.inputs)) {
      const edge = wiring.incoming.get(id)?.get(portName);
      const graphName = graphInputs.bound.get(`${id}.${portName}`);
      let sourceType: PortType | undefined;
      let binding: Binding | undefined;
      if (edge) {
        sourceType =
          outputTypes.get(edge.from.node)?.[edge.from.port] ??
          nodes.get(edge.from.node)?.entry?.def.outputs[edge.from.port]?.type;
      } else if (graphName) {
        sourceType = (graphInputs.inputs[graphName] as PlannedInput | undefined)?.type;
      } else if (!spec.optional && !wiring.attempted.has(`${id}.${portName}`)) {
        problems.push({
          code: 'missing_input',
          pointer: pointer('nodes', node.index),
          node: id,
          port: portName,
          expected: spec.type.name,
          message: `node "${id}" (${def.type}): required input "${portName}" (${spec.type.name}) is not connected`,
        });
      }
      if (sourceType) {
        const connection = connectionKind(sourceType, spec.type);
        if (!connection) {
          problems.push({
            code: 'type_mismatch',
            pointer: edge ? pointer('edges', edge.edgeIndex) : pointer('inputs', graphName!),
            node: id,
            port: portName,
            expected: spec.type.name,
            received: sourceType.name,
            message: `${edge ? `edge ${edge.from.node}.${edge.from.port} -> ${id}.${portName}` : `graph input "${graphName}" -> ${id}.${portName}`}: ${sourceType.name} cannot feed an input of type ${spec.type.name}`,
          });
        } else {
          if (connection === 'map') mapped = true;
          binding = edge
            ? { kind: 'edge', node: edge.from.node, port: edge.from.port, connection }
            : { kind: 'graph', name: graphName!, connection };
        }
      }
      bindings[portName] = binding;
    }
    const outs: Record<string, PortType> = {};
    for (const [portName, spec] of Object.entries(def.outputs))
      outs[portName] = mapped ? listOf(spec.type) : spec.type;
    outputTypes.set(id, outs);
    planned.push({
      id,
      entry: node.entry!,
      def,
      params: node.params,
      inputs: bindings,
      mapped,
      outputTypes: outs,
    });
  }
  return { planned, outputTypes };
}
