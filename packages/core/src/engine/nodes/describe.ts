import { z } from 'zod';
import type { NodeDef } from './define-node.js';

/** JSON Schema of a node's params as a user writes them (defaults make fields optional). */
export function paramsJsonSchema(def: NodeDef): Record<string, unknown> {
  const schema = z.toJSONSchema(def.params as z.ZodType, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}

/** A node type as plain JSON: what `ffavatar nodes --json` prints and the editor's palette reads. */
export function describeNode(def: NodeDef) {
  return {
    type: def.type,
    version: def.version,
    title: def.title,
    category: def.category,
    description: def.description,
    effect: def.effect,
    inputs: Object.fromEntries(
      Object.entries(def.inputs).map(([name, s]) => [
        name,
        {
          type: s.type.name,
          optional: s.optional,
          ...(s.description ? { description: s.description } : {}),
        },
      ]),
    ),
    outputs: Object.fromEntries(
      Object.entries(def.outputs).map(([name, s]) => [
        name,
        {
          type: s.type.name,
          ...(s.description ? { description: s.description } : {}),
        },
      ]),
    ),
    params: paramsJsonSchema(def),
  };
}

export type NodeDescription = ReturnType<typeof describeNode>;
