import { paramsJsonSchema } from '../nodes/describe.js';
import type { NodeRegistry } from '../nodes/registry.js';
import { GRAPH_FORMAT, GRAPH_VERSION } from './document.js';

const ID = '^[A-Za-z_][\\w-]*$';
const PORT_REF = '^[A-Za-z_][\\w-]*\\.[A-Za-z_]\\w*$';

/**
 * The graph format as JSON Schema (draft 2020-12), node params included, so editors and CI can
 * check a graph file without our code. It checks shape and params; wiring (types, cycles) needs
 * `ffavatar validate`.
 */
export function graphJsonSchema(registry: NodeRegistry): Record<string, unknown> {
  const defs: Record<string, unknown> = {};
  const nodeVariants = registry.all().map(({ def }) => ({
    type: 'object',
    title: def.title,
    description: def.description || undefined,
    properties: {
      id: { type: 'string', pattern: ID },
      type: { const: def.type },
      title: { type: 'string' },
      params: closeObjects(hoistDefs(paramsJsonSchema(def), def.type, defs)),
      ui: {
        type: 'object',
        properties: { x: { type: 'number' }, y: { type: 'number' } },
        required: ['x', 'y'],
      },
    },
    required: ['id', 'type'],
    additionalProperties: false,
  }));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://ffavatar.dev/schema/${GRAPH_FORMAT}.v${GRAPH_VERSION}.json`,
    title: 'FFAvatar graph',
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      format: { const: GRAPH_FORMAT },
      version: { const: GRAPH_VERSION },
      title: { type: 'string' },
      description: { type: 'string' },
      nodes: { type: 'array', items: { oneOf: nodeVariants } },
      edges: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            from: { type: 'string', pattern: PORT_REF },
            to: { type: 'string', pattern: PORT_REF },
          },
          required: ['from', 'to'],
          additionalProperties: false,
        },
      },
      inputs: {
        type: 'object',
        propertyNames: { pattern: ID },
        additionalProperties: {
          oneOf: [
            { type: 'string', pattern: PORT_REF },
            {
              type: 'object',
              properties: {
                to: {
                  oneOf: [
                    { type: 'string', pattern: PORT_REF },
                    { type: 'array', minItems: 1, items: { type: 'string', pattern: PORT_REF } },
                  ],
                },
                type: { type: 'string' },
                default: {},
                description: { type: 'string' },
              },
              required: ['to'],
              additionalProperties: false,
            },
          ],
        },
      },
      outputs: {
        type: 'object',
        propertyNames: { pattern: ID },
        additionalProperties: { type: 'string', pattern: PORT_REF },
      },
      frames: {
        description:
          'Canvas frames (titled boxes grouping nodes, with a note); layout only, ignored by the runner.',
        type: 'array',
        items: {
          type: 'object',
          properties: {
            title: { type: 'string' },
            note: { type: 'string' },
            color: { type: 'string' },
            x: { type: 'number' },
            y: { type: 'number' },
            width: { type: 'number', exclusiveMinimum: 0 },
            height: { type: 'number', exclusiveMinimum: 0 },
          },
          required: ['title', 'x', 'y', 'width', 'height'],
          additionalProperties: false,
        },
      },
    },
    required: ['format', 'version', 'nodes'],
    additionalProperties: false,
    ...(Object.keys(defs).length > 0 ? { $defs: defs } : {}),
  };
}

/**
 * zod's input-side JSON Schema leaves objects open, while validation refuses undeclared params
 * (validate.ts unknownParamKeys): closes every declared object reachable through `properties` and
 * anyOf/oneOf/allOf, the same walk, so a stock validator and `ffavatar validate` agree. An object
 * that already says what extra keys may hold (a record, a loose object) is left as it is.
 */
function closeObjects(schema: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...schema };
  if (
    out.type === 'object' &&
    out.properties &&
    typeof out.properties === 'object' &&
    !('additionalProperties' in out)
  ) {
    out.additionalProperties = false;
  }
  if (out.properties && typeof out.properties === 'object') {
    out.properties = Object.fromEntries(
      Object.entries(out.properties as Record<string, Record<string, unknown>>).map(([k, v]) => [
        k,
        closeObjects(v),
      ]),
    );
  }
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    if (Array.isArray(out[key])) out[key] = (out[key] as Record<string, unknown>[]).map(closeObjects);
  }
  return out;
}

/**
 * A params schema with recursive parts (e.g. a JSON value) carries its own `$defs`; nested inside
 * the graph schema those references would point at the wrong root, so they move to the root's
 * `$defs` under names prefixed by the node type.
 */
function hoistDefs(
  schema: Record<string, unknown>,
  prefix: string,
  into: Record<string, unknown>,
): Record<string, unknown> {
  const local = schema.$defs as Record<string, unknown> | undefined;
  if (!local) return schema;
  const rename = (name: string) => `${prefix}__${name}`;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')
          ? `#/$defs/${rename(v.slice(8))}`
          : rewrite(v),
      ]),
    );
  };
  const { $defs: _, ...rest } = schema;
  for (const [name, def] of Object.entries(local)) into[rename(name)] = rewrite(def);
  return rewrite(rest) as Record<string, unknown>;
}
