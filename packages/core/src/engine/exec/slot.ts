import { isTypedArray } from '../values/typed-arrays.js';

/**
 * A value living in the executor: the value, its hash (the cache key that made it, or its content
 * hash for values from outside), and for lists one slot per item so items are cached and lent
 * one by one.
 *
 * Values move to workers by transfer: while a worker holds a slot's buffers the slot is `lent`
 * (its buffers are detached here) and the worker hands them back with its result.
 */
export interface Slot {
  value: unknown;
  readonly hash: string;
  readonly items?: Slot[];
  /** Resolves when a worker has handed the buffers back. */
  lent?: Promise<void>;
  /** Buffers were copied to SharedArrayBuffers: readable by many workers at once, never lent. */
  shared?: boolean;
  /** The cache entry holding this slot, dropped if a dying worker takes the buffers with it. */
  cacheKey?: string;
}

export function valueOf(slot: Slot): unknown {
  return slot.items ? slot.items.map(valueOf) : slot.value;
}

export function slotsOf(slot: Slot): Slot[] {
  return slot.items ? [slot, ...slot.items.flatMap(slotsOf)] : [slot];
}

/**
 * The hand-back to wait for before using these slots, or undefined when none is lent. Callers loop
 * `while ((p = lentPromise(...))) await p;` and lend or read right after the loop: the last check
 * is synchronous, so two consumers can never both take the same buffers.
 */
export function lentPromise(...slots: Slot[]): Promise<void> | undefined {
  for (const slot of slots) for (const s of slotsOf(slot)) if (s.lent) return s.lent;
  return undefined;
}

/** Puts a value that came back from a worker into the slot it left. */
export function restore(slot: Slot, value: unknown): void {
  if (slot.items) {
    const values = value as unknown[];
    slot.items.forEach((item, i) => restore(item, values[i]));
  } else {
    slot.value = value;
  }
}

/** Copies the slot's typed arrays to SharedArrayBuffers, once, so concurrent workers can all read it. */
export function share(slot: Slot): void {
  for (const s of slotsOf(slot)) {
    if (s.items || s.shared) continue;
    s.value = toShared(s.value);
    s.shared = true;
  }
}

function toShared(value: unknown): unknown {
  if (isTypedArray(value)) {
    if (value.buffer instanceof SharedArrayBuffer) return value;
    const Ctor = value.constructor as new (buffer: SharedArrayBuffer) => typeof value;
    const out = new Ctor(new SharedArrayBuffer(value.byteLength));
    (out as Uint8Array).set(value as Uint8Array);
    return out;
  }
  if (Array.isArray(value)) return value.map(toShared);
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toShared(v)]));
  }
  return value;
}
