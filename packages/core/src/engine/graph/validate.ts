import type { NodeDef } from '../nodes/define-node.js';
import type { NodeRegistry, RegisteredNode } from '../nodes/registry.js';
import type { Connection, PortType } from '../ports/port-type.js';
import { bindNodes } from './checks/typed-bindings.js';
import { checkEdges } from './checks/wired-edges.js';
import { checkGraphInputs } from './checks/graph-inputs.js';
import { checkGraphOutputs } from './checks/graph-outputs.js';
import { checkNodes } from './checks/known-nodes.js';
import { orderNodes } from './checks/node-order.js';
import {
  GraphDocumentSchema,
  GraphEdgeSchema,
  GraphFrameSchema,
  GraphNodeSchema,
  type GraphDocument,
} from './document.js';
import { migrateGraph, type GraphMigration } from './migrate.js';
import { parseJsonText } from './parse.js';
import { pointer, type GraphProblem } from './problems.js';

/** Where one input port of a planned node gets its value. */
export type Binding =
  | { kind: 'edge'; node: string; port: string; connection: Exclude<Connection, null> }
  | { kind: 'graph'; name: string; connection: Exclude<Connection, null> };

export interface PlannedNode {
  readonly id: string;
  readonly entry: RegisteredNode;
  readonly def: NodeDef;
  /** Params after zod parsing: defaults filled in. */
  readonly params: unknown;
  readonly inputs: Readonly<Record<string, Binding | undefined>>;
  /** True when some input is a List feeding an item port: the node runs once per item. */
  readonly mapped: boolean;
  /** Output types as consumers see them (`List<T>` when mapped). */
  readonly outputTypes: Readonly<Record<string, PortType>>;
}

export interface PlannedInput {
  readonly name: string;
  readonly type: PortType;
  readonly default: unknown;
  readonly description: string | undefined;
}

/** A validated graph, ready to execute: nodes in topological order with every input resolved. */
export interface GraphPlan {
  readonly doc: GraphDocument;
  readonly order: readonly PlannedNode[];
  readonly inputs: Readonly<Record<string, PlannedInput>>;
  readonly outputs: Readonly<Record<string, { node: string; port: string; type: PortType }>>;
}

export interface ValidationResult {
  problems: GraphProblem[];
  plan: GraphPlan | undefined;
}

/** Parses, migrates and validates graph JSON text. Every problem is reported at once. */
export function loadGraphText(
  text: string,
  registry: NodeRegistry,
  migrations?: readonly GraphMigration[],
): ValidationResult {
  const parsed = parseJsonText(text);
  if (parsed.problems.length > 0) return { problems: parsed.problems, plan: undefined };
  return validateGraph(parsed.value, registry, migrations);
}

export function validateGraph(
  raw: unknown,
  registry: NodeRegistry,
  migrations?: readonly GraphMigration[],
): ValidationResult {
  const migrated = migrateGraph(raw, migrations);
  if (migrated.problems.length > 0) return { problems: migrated.problems, plan: undefined };
  const shape = GraphDocumentSchema.safeParse(migrated.doc);
  if (!shape.success) {
    return {
      problems: shape.error.issues.flatMap((issue): GraphProblem[] => {
        const path = issue.path as (string | number)[];
        if (issue.code === 'unrecognized_keys') {
          return issue.keys.map((key) => ({
            code: 'bad_document',
            pointer: pointer(...path, key),
            message: unknownFieldMessage(path, key),
          }));
        }
        return [{ code: 'bad_document', pointer: pointer(...path), message: issue.message }];
      }),
      plan: undefined,
    };
  }
  return checkSemantics(shape.data, registry);
}

/** The six checks in order; each reports into `problems` and hands the next what it resolved. */
function checkSemantics(doc: GraphDocument, registry: NodeRegistry): ValidationResult {
  const problems: GraphProblem[] = [];
  const nodes = checkNodes(doc, registry, problems);
  const wiring = checkEdges(doc, nodes, problems);
  const graphInputs = checkGraphInputs(doc, registry, nodes, wiring, problems);
  const { order, cyclic } = orderNodes(doc, nodes, wiring.edges, problems);
  const { planned, outputTypes } = bindNodes([...order, ...cyclic], nodes, wiring, graphInputs, problems);
  const outputs = checkGraphOutputs(doc, nodes, outputTypes, problems);
  if (problems.length > 0) return { problems, plan: undefined };
  return { problems, plan: { doc, order: planned, inputs: graphInputs.inputs, outputs } };
}

const FIELDS: Record<string, readonly string[]> = {
  document: Object.keys(GraphDocumentSchema.shape),
  nodes: Object.keys(GraphNodeSchema.shape),
  edges: Object.keys(GraphEdgeSchema.shape),
  inputs: ['to', 'type', 'default', 'description'],
  frames: Object.keys(GraphFrameSchema.shape),
};

function unknownFieldMessage(path: (string | number)[], key: string): string {
  const where = path.length === 0 ? 'document' : String(path[0]);
  const what =
    {
      document: 'a graph file',
      nodes: 'a node',
      edges: 'an edge',
      inputs: 'a graph input',
      frames: 'a frame',
    }[where] ?? 'this object';
  const known = FIELDS[where];
  const hint = where === 'nodes' ? '; a tool\'s own data goes under "ui"' : '';
  return `unknown field "${key}"${known ? `: ${what} has ${known.join(', ')}` : ''}${hint}`;
}
