import type { z } from 'zod';
import type { NodeRegistry, RegisteredNode } from '../../nodes/registry.js';
import type { GraphDocument } from '../document.js';
import { pointer, type GraphProblem } from '../problems.js';

/** A node of the document as the later checks see it; `entry` undefined for an unknown type. */
export interface KnownNode {
  index: number;
  entry: RegisteredNode | undefined;
  /** Parsed params (defaults filled in); undefined when they did not parse. */
  params: unknown;
}

/** Phase 1: node ids unique, types known, params valid and without unknown keys. */
export function checkNodes(
  doc: GraphDocument,
  registry: NodeRegistry,
  problems: GraphProblem[],
): Map<string, KnownNode> {
  const nodes = new Map<string, KnownNode>();
  doc.nodes.forEach((n, index) => {
    if (nodes.has(n.id)) {
      problems.push({
        code: 'duplicate_node_id',
        pointer: pointer('nodes', index, 'id'),
        node: n.id,
        message: `node id "${n.id}" is used twice`,
      });
      return;
    }
    const entry = registry.get(n.type);
    if (!entry) {
      problems.push({
        code: 'unknown_node_type',
        pointer: pointer('nodes', index, 'type'),
        node: n.id,
        received: n.type,
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
          code: 'bad_param',
          pointer: pointer('nodes', index, 'params', ...path),
          node: n.id,
          ...(path[0] !== undefined ? { port: String(path[0]) } : {}),
          message: `node "${n.id}" (${n.type}): ${path.length ? `param "${path.join('.')}"` : 'params'}: ${issue.message}`,
        });
      }
    }
    const unknown: { path: string[]; known: string[] }[] = [];
    unknownParamKeys(entry.def.params as z.ZodType, n.params ?? {}, [], unknown);
    for (const u of unknown) {
      problems.push({
        code: 'bad_param',
        pointer: pointer('nodes', index, 'params', ...u.path),
        node: n.id,
        message: `node "${n.id}" (${n.type}): unknown param "${u.path.join('.')}"; ${u.path.length > 1 ? `"${u.path.slice(0, -1).join('.')}"` : 'it'} has ${u.known.length ? u.known.join(', ') : 'none'}`,
      });
    }
    nodes.set(n.id, {
      index,
      entry,
      params: parsed.success && unknown.length === 0 ? parsed.data : undefined,
    });
  });
  return nodes;
}

interface ZodInternals {
  _zod: {
    def: {
      type: string;
      innerType?: z.ZodType;
      in?: z.ZodType;
      shape?: Record<string, z.ZodType>;
      catchall?: z.ZodType;
    };
  };
}

/**
 * Keys of a params value that its schema does not declare. zod's z.object strips them, so a
 * misspelt param ("iteration") or a `--set save.nosuch=1` would pass unnoticed. Walks plain
 * objects through optional/default/nullable wrappers, as the graph JSON Schema marks them
 * `additionalProperties: false` (json-schema.ts); objects with a catchall (z.looseObject) stay open.
 */
function unknownParamKeys(
  schema: z.ZodType,
  value: unknown,
  path: string[],
  out: { path: string[]; known: string[] }[],
): void {
  let def = (schema as unknown as ZodInternals)._zod.def;
  for (let guard = 0; guard < 16; guard++) {
    const inner = ['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch'].includes(def.type)
      ? def.innerType
      : def.type === 'pipe'
        ? def.in
        : undefined;
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

function suggest(type: string, registry: NodeRegistry): string {
  const candidates = registry.all().map((r) => r.def.type);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(type, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
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
