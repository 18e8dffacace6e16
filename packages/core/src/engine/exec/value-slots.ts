import { hashString, hashValue } from '../hash/content-hash.js';
import type { PlannedNode } from '../graph/validate.js';
import type { PortType } from '../ports/port-type.js';
import { forEachBuffer } from '../values/typed-arrays.js';
import type { Slot } from './slot.js';

/** A value from outside the graph: identified by its content. Lists get one slot per item. */
export function contentSlot(value: unknown, type: PortType): Slot {
  if (type.item && Array.isArray(value)) {
    const items = value.map((v) => contentSlot(v, type.item!));
    return { value: undefined, hash: hashString(`list|${items.map((s) => s.hash).join(',')}`), items };
  }
  return { value, hash: hashValue(value) };
}

/** Slots for a node's outputs: hashes derive from the key that made them, stored or computed. */
export function outputSlots(
  node: PlannedNode,
  key: string,
  values: Record<string, unknown>,
  cacheKey: string | undefined,
): Record<string, Slot> {
  const out: Record<string, Slot> = {};
  for (const [port, spec] of Object.entries(node.def.outputs)) {
    out[port] = producedSlot(values[port], spec.type, hashString(`${key}|${port}`), cacheKey);
  }
  return out;
}

/** The slot of a mapped node's output port: one item per run of the node. */
export function listSlot(items: Slot[]): Slot {
  return { value: undefined, hash: hashString(`list|${items.map((s) => s.hash).join(',')}`), items };
}

/** Whether the value holds a buffer already in `owned`. */
export function aliases(value: unknown, owned: Set<ArrayBuffer>): boolean {
  let found = false;
  forEachBuffer(value, (b) => {
    if (owned.has(b)) found = true;
  });
  return found;
}

/**
 * A node's output: identified by the key that made it. A List output from an unmapped node gets
 * per-item content hashes, so a downstream per-item node still reuses the items that did not change.
 */
function producedSlot(value: unknown, type: PortType, hash: string, cacheKey: string | undefined): Slot {
  if (type.item && Array.isArray(value)) {
    // Items are lent to workers one by one: two items sharing a buffer (every frame holding the
    // same identity array) would detach each other, so an item that shares gets its own copy.
    const seen = new Set<ArrayBuffer>();
    const own = value.map((v) => {
      const item = aliases(v, seen) ? structuredClone(v) : v;
      forEachBuffer(item, (b) => seen.add(b));
      return item;
    });
    const items = own.map((v) => ({ ...contentSlot(v, type.item!), ...(cacheKey ? { cacheKey } : {}) }));
    return { value: undefined, hash, items, ...(cacheKey ? { cacheKey } : {}) };
  }
  return { value, hash, ...(cacheKey ? { cacheKey } : {}) };
}
