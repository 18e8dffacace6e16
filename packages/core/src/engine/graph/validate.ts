import type { z } from 'zod';
import type { NodeDef } from '../nodes/define-node.js';
import type { NodeRegistry, RegisteredNode } from '../nodes/registry.js';
import { portTypeByName } from '../ports/builtin-types.js';
import { connectionKind, listOf, type Connection, type PortType } from '../ports/port-type.js';
import { GraphDocumentSchema, GraphEdgeSchema, GraphFrameSchema, GraphNodeSchema, normaliseInput, splitPortRef, type GraphDocument } from './document.js';
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
export function loadGraphText(text: string, registry: NodeRegistry, migrations?: readonly GraphMigration[]): ValidationResult {
  const parsed = parseJsonText(text);
  if (parsed.problems.length > 0) return { problems: parsed.problems, plan: undefined };
  return validateGraph(parsed.value, registry, migrations);
}

export function validateGraph(raw: unknown, registry: NodeRegistry, migrations?: readonly GraphMigration[]): ValidationResult {
  const migrated = migrateGraph(raw, migrations);
  if (migrated.problems.length > 0) return { problems: migrated.problems, plan: undefined };
  const shape = GraphDocumentSchema.safeParse(migrated.doc);
  if (!shape.success) {
    return { problems: shape.error.issues.flatMap((issue): GraphProblem[] => {
      const path = issue.path as (string | number)[];
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({ code: 'bad_document', pointer: pointer(...path, key), message: unknownFieldMessage(path, key) }));
      }
      return [{ code: 'bad_document', pointer: pointer(...path), message: issue.message }];
    }), plan: undefined };
  }
  return checkSemantics(shape.data, registry);
}

function checkSemantics(doc: GraphDocument, registry: NodeRegistry): ValidationResult {
  const problems: GraphProblem[] = [];
  const nodes = new Map<string, { index: number; entry: RegisteredNode | undefined; params: unknown }>();

  doc.nodes.forEach((n, index) => {
    if (nodes.has(n.id)) {
      problems.push({ code: 'duplicate_node_id', pointer: pointer('nodes', index, 'id'), node: n.id, message: `node id "${n.id}" is used twice` });
      return;
    }
    const entry = registry.get(n.type);
    if (!entry) {
      problems.push({
        code: 'unknown_node_type', pointer: pointer('nodes', index, 'type'), node: n.id, received: n.type,
        message: `node "${n.id}": unknown node type "${n.type}"${suggest(n.type, registry)}`,
      });
      nodes.set(n.id, { index, entry: undefined, params: undefined });
      return;
    }
    const parsed = (entry.def.params as z.ZodType).safeParse(n.params ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path as (string | number)[];
        problems.push({
          code: 'bad_param', pointer: pointer('nodes', index, 'params', ...path), node: n.id,
          ...(path[0] !== undefined ? { port: String(path[0]) } : {}),
          message: `node "${n.id}" (${n.type}): ${path.length ? `param "${path.join('.')}"` : 'params'}: ${issue.message}`,
        });
      }
    }
    const unknown: { path: string[]; known: string[] }[] = [];
    unknownParamKeys(entry.def.params as z.ZodType, n.params ?? {}, [], unknown);
    for (const u of unknown) {
      problems.push({
        code: 'bad_param', pointer: pointer('nodes', index, 'params', ...u.path), node: n.id,
        message: `node "${n.id}" (${n.type}): unknown param "${u.path.join('.')}"; ${u.path.length > 1 ? `"${u.path.slice(0, -1).join('.')}"` : 'it'} has ${u.known.length ? u.known.join(', ') : 'none'}`,
      });
    }
    nodes.set(n.id, { index, entry, params: parsed.success && unknown.length === 0 ? parsed.data : undefined });
  });

  // Edges: resolve both ends; downstream of an unknown node type, stay silent (the root cause is reported).
  const incoming = new Map<string, Map<string, { from: { node: string; port: string }; edgeIndex: number }>>();
  const attempted = new Set<string>();
  const edgesOk: { from: { node: string; port: string }; to: { node: string; port: string }; index: number }[] = [];
  doc.edges.forEach((e, index) => {
    const from = splitPortRef(e.from);
    const to = splitPortRef(e.to);
    let ok = true;
    for (const [end, ref, side] of [['from', from, 'outputs'], ['to', to, 'inputs']] as const) {
      const node = nodes.get(ref.node);
      if (!node) {
        problems.push({ code: 'unknown_node', pointer: pointer('edges', index, end), node: ref.node, message: `edge ${e.from} -> ${e.to}: there is no node "${ref.node}"` });
        ok = false;
      } else if (node.entry && !(ref.port in node.entry.def[side])) {
        const names = Object.keys(node.entry.def[side]);
        problems.push({
          code: 'unknown_port', pointer: pointer('edges', index, end), node: ref.node, port: ref.port,
          message: `edge ${e.from} -> ${e.to}: node "${ref.node}" (${node.entry.def.type}) has no ${side === 'inputs' ? 'input' : 'output'} "${ref.port}"; it has ${names.length ? names.join(', ') : 'none'}`,
        });
        ok = false;
      } else if (!node.entry) ok = false;
    }
    if (!ok) {
      // The input is wired, just not to something valid: its root cause is reported, "missing" would be noise.
      if (nodes.get(to.node)?.entry?.def.inputs[to.port]) attempted.add(e.to);
      return;
    }
    const slots = incoming.get(to.node) ?? new Map();
    incoming.set(to.node, slots);
    if (slots.has(to.port)) {
      problems.push({ code: 'input_connected_twice', pointer: pointer('edges', index, 'to'), node: to.node, port: to.port, message: `input ${e.to} is connected twice; an input takes one edge` });
      return;
    }
    slots.set(to.port, { from, edgeIndex: index });
    edgesOk.push({ from, to, index });
  });

  // Graph inputs.
  const inputs: Record<string, PlannedInput> = {};
  const graphBound = new Map<string, string>(); // "node.port" -> input name
  for (const [name, spec] of Object.entries(doc.inputs)) {
    const input = normaliseInput(spec);
    let type: PortType | undefined;
    if (input.type !== undefined) {
      type = portTypeByName(input.type, registry.portTypes());
      if (!type) problems.push({ code: 'unknown_port_type', pointer: pointer('inputs', name, 'type'), received: input.type, message: `graph input "${name}": unknown port type "${input.type}"` });
    }
    input.targets.forEach((target, t) => {
      const ref = splitPortRef(target);
      const where = typeof spec === 'string' ? pointer('inputs', name) : pointer('inputs', name, 'to', ...(input.targets.length > 1 ? [t] : []));
      const node = nodes.get(ref.node);
      if (!node) { problems.push({ code: 'unknown_node', pointer: where, node: ref.node, message: `graph input "${name}": there is no node "${ref.node}"` }); return; }
      if (!node.entry) return;
      const port = node.entry.def.inputs[ref.port];
      if (!port) { problems.push({ code: 'unknown_port', pointer: where, node: ref.node, port: ref.port, message: `graph input "${name}": node "${ref.node}" has no input "${ref.port}"` }); return; }
      if (incoming.get(ref.node)?.has(ref.port) || graphBound.has(target)) {
        problems.push({ code: 'input_connected_twice', pointer: where, node: ref.node, port: ref.port, message: `input ${target} is fed by graph input "${name}" and by something else` });
        return;
      }
      graphBound.set(target, name);
      type ??= port.type;
    });
    if (type) inputs[name] = { name, type, default: input.default, description: input.description };
  }

  // Topological order (Kahn). Nodes left over sit on or behind a cycle.
  const known = [...nodes.entries()].filter(([, n]) => n.entry);
  const indegree = new Map(known.map(([id]) => [id, 0]));
  const downstream = new Map<string, string[]>();
  for (const e of edgesOk) {
    indegree.set(e.to.node, (indegree.get(e.to.node) ?? 0) + 1);
    downstream.set(e.from.node, [...(downstream.get(e.from.node) ?? []), e.to.node]);
  }
  const ready = known.filter(([id]) => indegree.get(id) === 0).map(([id]) => id);
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
  const cyclic = known.map(([id]) => id).filter((id) => !ordered.has(id));
  reportCycles(cyclic, edgesOk, doc, problems);

  // Types, in order; nodes on a cycle use their declared types so mismatches there still show.
  const outputTypes = new Map<string, Record<string, PortType>>();
  const planned: PlannedNode[] = [];
  for (const id of [...order, ...cyclic]) {
    const node = nodes.get(id)!;
    const def = node.entry!.def;
    const bindings: Record<string, Binding | undefined> = {};
    let mapped = false;
    for (const [portName, spec] of Object.entries(def.inputs)) {
      const edge = incoming.get(id)?.get(portName);
      const graphName = graphBound.get(`${id}.${portName}`);
      let sourceType: PortType | undefined;
      let binding: Binding | undefined;
      if (edge) {
        sourceType = outputTypes.get(edge.from.node)?.[edge.from.port] ?? nodes.get(edge.from.node)?.entry?.def.outputs[edge.from.port]?.type;
      } else if (graphName) {
        sourceType = inputs[graphName]?.type;
      } else if (!spec.optional && !attempted.has(`${id}.${portName}`)) {
        problems.push({
          code: 'missing_input', pointer: pointer('nodes', node.index), node: id, port: portName, expected: spec.type.name,
          message: `node "${id}" (${def.type}): required input "${portName}" (${spec.type.name}) is not connected`,
        });
      }
      if (sourceType) {
        const connection = connectionKind(sourceType, spec.type);
        if (!connection) {
          problems.push({
            code: 'type_mismatch',
            pointer: edge ? pointer('edges', edge.edgeIndex) : pointer('inputs', graphName!),
            node: id, port: portName, expected: spec.type.name, received: sourceType.name,
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
    for (const [portName, spec] of Object.entries(def.outputs)) outs[portName] = mapped ? listOf(spec.type) : spec.type;
    outputTypes.set(id, outs);
    planned.push({ id, entry: node.entry!, def, params: node.params, inputs: bindings, mapped, outputTypes: outs });
  }

  const outputs: Record<string, { node: string; port: string; type: PortType }> = {};
  for (const [name, ref] of Object.entries(doc.outputs)) {
    const { node, port } = splitPortRef(ref);
    const n = nodes.get(node);
    if (!n) { problems.push({ code: 'unknown_node', pointer: pointer('outputs', name), node, message: `graph output "${name}": there is no node "${node}"` }); continue; }
    if (!n.entry) continue;
    const type = outputTypes.get(node)?.[port];
    if (!type) { problems.push({ code: 'unknown_port', pointer: pointer('outputs', name), node, port, message: `graph output "${name}": node "${node}" has no output "${port}"` }); continue; }
    outputs[name] = { node, port, type };
  }

  if (problems.length > 0) return { problems, plan: undefined };
  return { problems, plan: { doc, order: planned, inputs, outputs } };
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
  const what = { document: 'a graph file', nodes: 'a node', edges: 'an edge', inputs: 'a graph input', frames: 'a frame' }[where] ?? 'this object';
  const known = FIELDS[where];
  const hint = where === 'nodes' ? '; a tool\'s own data goes under "ui"' : '';
  return `unknown field "${key}"${known ? `: ${what} has ${known.join(', ')}` : ''}${hint}`;
}

interface ZodInternals { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType; shape?: Record<string, z.ZodType>; catchall?: z.ZodType } } }

/**
 * Keys of a params value that its schema does not declare. zod's z.object strips them, so a
 * misspelt param ("iteration") or a `--set save.nosuch=1` would pass unnoticed. Walks plain
 * objects through optional/default/nullable wrappers, as the graph JSON Schema marks them
 * `additionalProperties: false` (json-schema.ts); objects with a catchall (z.looseObject) stay open.
 */
function unknownParamKeys(schema: z.ZodType, value: unknown, path: string[], out: { path: string[]; known: string[] }[]): void {
  let def = (schema as unknown as ZodInternals)._zod.def;
  for (let guard = 0; guard < 16; guard++) {
    const inner = ['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch'].includes(def.type) ? def.innerType : def.type === 'pipe' ? def.in : undefined;
    if (!inner) break;
    def = (inner as unknown as ZodInternals)._zod.def;
  }
  if (def.type !== 'object' || def.catchall !== undefined || !def.shape) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const known = Object.keys(def.shape);
  for (const [key, v] of Object.entries(value)) {
    if (!Object.hasOwn(def.shape, key)) out.push({ path: [...path, key], known });
    else unknownParamKeys(def.shape[key]!, v, [...path, key], out);
  }
}

function reportCycles(
  cyclic: string[],
  edges: { from: { node: string }; to: { node: string }; index: number }[],
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
    if (current === undefined) { for (const n of path) remaining.delete(n); continue; }
    const loop = path.slice(onPath.get(current));
    const closing = edges.find((e) => e.from.node === loop[loop.length - 1] && e.to.node === loop[0]);
    problems.push({
      code: 'cycle',
      pointer: closing ? pointer('edges', closing.index) : pointer('nodes', doc.nodes.findIndex((n) => n.id === loop[0])),
      node: loop[0]!,
      message: `nodes ${[...loop, loop[0]].join(' -> ')} form a cycle`,
    });
    for (const n of path) remaining.delete(n);
  }
}

function suggest(type: string, registry: NodeRegistry): string {
  const candidates = registry.all().map((r) => r.def.type);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(type, c);
    if (d < bestDistance) { best = c; bestDistance = d; }
  }
  return best && bestDistance <= Math.max(2, type.length / 4) ? ` (did you mean "${best}"?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
