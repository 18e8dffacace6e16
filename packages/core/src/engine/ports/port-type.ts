import { z } from 'zod';

/**
 * A port type is a value, never a bare string: a name, a runtime guard (a zod schema, so the TS
 * type is derived from the validator and written once), a contract sentence for docs and editor
 * tooltips, and a socket colour. Hashing and transfer are generic over typed arrays
 * (hash/content-hash.ts, values/typed-arrays.ts), so a type needs nothing more to take part.
 */
export interface PortType<T = unknown> {
  readonly name: string;
  /** The contract in words, with shapes written like `[N, 3] f32`. */
  readonly description: string;
  readonly schema: z.ZodType<T>;
  /** Socket colour in the editor (CSS). */
  readonly color: string;
  /** Set on `List<T>` types: the item type. */
  readonly item?: PortType;
}

export type ValueOf<P> = P extends PortType<infer T> ? T : never;

export function definePortType<T>(spec: {
  name: string;
  description: string;
  schema: z.ZodType<T>;
  color?: string;
}): PortType<T> {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(spec.name)) {
    throw new Error(`port type name "${spec.name}" must be PascalCase letters and digits`);
  }
  return Object.freeze({ color: '#8a8f98', ...spec });
}

const lists = new Map<string, PortType>();

/** `List<T>`: one item per input image (or per anything); per-item nodes map over it. */
export function listOf<T>(item: PortType<T>): PortType<T[]> {
  const name = `List<${item.name}>`;
  const known = lists.get(name);
  if (known && known.item === item) return known as PortType<T[]>;
  const type: PortType<T[]> = Object.freeze({
    name,
    description: `A list of ${item.name}, one item per input.`,
    schema: z.array(item.schema),
    color: item.color,
    item,
  });
  lists.set(name, type);
  return type;
}

export function isListType(type: PortType): type is PortType<unknown[]> & { item: PortType } {
  return type.item !== undefined;
}

/**
 * How a value of type `from` may feed an input of type `to`:
 * - `direct`: the types match (or `to` accepts Any);
 * - `map`: `from` is `List<X>` and X fits `to`, so the consuming node runs once per item;
 * - `null`: refused.
 */
export type Connection = 'direct' | 'map' | null;

export function connectionKind(from: PortType, to: PortType): Connection {
  if (fits(from, to)) return 'direct';
  if (from.item && !to.item && fits(from.item, to)) return 'map';
  return null;
}

function fits(from: PortType, to: PortType): boolean {
  if (to.name === 'Any' || from.name === 'Any') return true;
  if (from.item && to.item) return fits(from.item, to.item);
  return from.name === to.name;
}

/** Checks a value against its port type; returns a sentence naming what is wrong, or null. */
export function checkValue(type: PortType, value: unknown): string | null {
  const result = type.schema.safeParse(value);
  if (result.success) return null;
  const issue = result.error.issues[0];
  if (!issue) return `not a valid ${type.name}`;
  const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return `not a valid ${type.name}${where}: ${issue.message}`;
}
