import { z } from 'zod';

/** Format name and the version this code writes. Older versions are migrated on load (migrate.ts). */
export const GRAPH_FORMAT = 'ffavatar-graph';
export const GRAPH_VERSION = 1;

const id = z
  .string()
  .regex(/^[A-Za-z_][\w-]*$/, 'an id is letters, digits, _ and -, not starting with a digit');
/** `node.port`: the node id, a dot, the port name. */
const portRef = z.string().regex(/^[A-Za-z_][\w-]*\.[A-Za-z_]\w*$/, 'expected "node.port"');

// Objects are strict: a misspelt field ("param", "edge") is reported, not silently dropped, and
// `ffavatar validate` agrees with the shipped JSON Schema (additionalProperties: false). The one
// open object is a node's `ui`, where an editor or tool keeps its own layout data.
export const GraphNodeSchema = z.strictObject({
  id,
  type: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
  title: z.string().optional(),
  ui: z.object({ x: z.number(), y: z.number() }).loose().optional(),
});

export const GraphEdgeSchema = z.strictObject({ from: portRef, to: portRef });

/** A graph input binds a value given at run time to one or more node input ports. */
export const GraphInputSchema = z.union([
  portRef,
  z.strictObject({
    to: z.union([portRef, z.array(portRef).min(1)]),
    /** Port type name, e.g. `List<Path>`; defaults to the (first) target port's type. */
    type: z.string().optional(),
    default: z.unknown().optional(),
    description: z.string().optional(),
  }),
]);

/**
 * A frame on the canvas: a titled box that groups the nodes inside it (moving the frame moves
 * them) and carries a note. Layout only: the runner ignores frames.
 */
export const GraphFrameSchema = z.strictObject({
  title: z.string(),
  note: z.string().optional(),
  x: z.number(),
  y: z.number(),
  width: z.number().positive(),
  height: z.number().positive(),
  /** A CSS colour for the frame's header and tint. */
  color: z.string().optional(),
});

export const GraphDocumentSchema = z.strictObject({
  /** Optional pointer to the JSON Schema, for editors; ignored here. */
  $schema: z.string().optional(),
  format: z.literal(GRAPH_FORMAT),
  version: z.literal(GRAPH_VERSION),
  title: z.string().optional(),
  description: z.string().optional(),
  nodes: z.array(GraphNodeSchema),
  edges: z.array(GraphEdgeSchema).default([]),
  inputs: z.record(id, GraphInputSchema).default({}),
  outputs: z.record(id, portRef).default({}),
  frames: z.array(GraphFrameSchema).optional(),
});

export type GraphDocument = z.infer<typeof GraphDocumentSchema>;
export type GraphNode = z.infer<typeof GraphNodeSchema>;
export type GraphEdge = z.infer<typeof GraphEdgeSchema>;
export type GraphInput = z.infer<typeof GraphInputSchema>;
export type GraphFrame = z.infer<typeof GraphFrameSchema>;

export interface NormalisedInput {
  targets: string[];
  type: string | undefined;
  default: unknown;
  description: string | undefined;
}

export function normaliseInput(input: GraphInput): NormalisedInput {
  if (typeof input === 'string')
    return { targets: [input], type: undefined, default: undefined, description: undefined };
  return {
    targets: typeof input.to === 'string' ? [input.to] : input.to,
    type: input.type,
    default: input.default,
    description: input.description,
  };
}

export function splitPortRef(ref: string): { node: string; port: string } {
  const dot = ref.indexOf('.');
  return { node: ref.slice(0, dot), port: ref.slice(dot + 1) };
}

/** Serialises a graph with stable key order and two-space indent, so saved files diff well. */
export function saveGraph(doc: GraphDocument): string {
  const ordered = {
    format: GRAPH_FORMAT,
    version: GRAPH_VERSION,
    ...(doc.title !== undefined ? { title: doc.title } : {}),
    ...(doc.description !== undefined ? { description: doc.description } : {}),
    nodes: doc.nodes.map((n) => ({
      id: n.id,
      type: n.type,
      ...(n.title !== undefined ? { title: n.title } : {}),
      ...(n.params && Object.keys(n.params).length > 0 ? { params: n.params } : {}),
      ...(n.ui ? { ui: n.ui } : {}),
    })),
    edges: doc.edges.map((e) => ({ from: e.from, to: e.to })),
    inputs: doc.inputs,
    outputs: doc.outputs,
    ...(doc.frames && doc.frames.length > 0
      ? {
          frames: doc.frames.map((f) => ({
            title: f.title,
            ...(f.note !== undefined ? { note: f.note } : {}),
            x: f.x,
            y: f.y,
            width: f.width,
            height: f.height,
            ...(f.color !== undefined ? { color: f.color } : {}),
          })),
        }
      : {}),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
