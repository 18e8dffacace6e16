import xxhash, { type XXHashAPI } from 'xxhash-wasm';
import { isTypedArray } from '../values/typed-arrays.js';

/**
 * Content hashes for values that enter a graph from outside (graph inputs, constants).
 *
 * Values produced by nodes are never hashed by content: their identity is the cache key that
 * produced them (see exec/cache-key.ts), which is both cheaper and what ComfyUI calls the
 * ancestry signature. Hashes are 64-bit xxhash as 16 hex digits.
 */

let api: XXHashAPI | undefined;
let loading: Promise<XXHashAPI> | undefined;

/** Loads the hash function (a small wasm module). Every entry point that hashes awaits this once. */
export async function initHashing(): Promise<void> {
  api ??= await (loading ??= xxhash());
}

function hashApi(): XXHashAPI {
  if (!api) throw new Error('hashing used before initHashing() resolved');
  return api;
}

/** Hash of a string, e.g. the parts of a cache key joined. */
export function hashString(text: string): string {
  return hashApi().h64ToString(text);
}

const memo = new WeakMap<object, string>();

/**
 * Structural hash of a value: plain objects (keys sorted), arrays, typed arrays (dtype + bytes),
 * primitives. Port values are immutable by contract, so object hashes are memoised.
 */
export function hashValue(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    const known = memo.get(value);
    if (known) return known;
  }
  // Text is gathered and handed to the hasher in one piece (each update crosses into wasm); bytes
  // of typed arrays go straight in. The stream of bytes, and so the hash, is the same either way.
  const sink = new TextSink();
  feed(sink, value);
  const out = sink.digest();
  if (typeof value === 'object' && value !== null) memo.set(value, out);
  return out;
}

class TextSink {
  private text = '';
  private hasher: ReturnType<XXHashAPI['create64']> | undefined;

  update(input: string | Uint8Array): void {
    if (typeof input === 'string') {
      this.text += input;
      return;
    }
    const h = (this.hasher ??= hashApi().create64());
    if (this.text) {
      h.update(this.text);
      this.text = '';
    }
    h.update(input);
  }

  digest(): string {
    if (!this.hasher) return hashApi().h64ToString(this.text);
    if (this.text) this.hasher.update(this.text);
    return this.hasher.digest().toString(16).padStart(16, '0');
  }
}

function feed(h: TextSink, value: unknown): void {
  if (value === null) {
    h.update('n;');
    return;
  }
  switch (typeof value) {
    case 'undefined':
      h.update('u;');
      return;
    case 'boolean':
      h.update(value ? 'T;' : 'F;');
      return;
    case 'number':
      h.update(`d${value};`);
      return;
    case 'bigint':
      h.update(`b${value};`);
      return;
    case 'string':
      h.update(`s${value.length}:`);
      h.update(value);
      return;
    case 'object':
      break;
    default:
      throw new TypeError(`cannot hash a ${typeof value}`);
  }
  if (isTypedArray(value)) {
    h.update(`t${value.constructor.name}${value.length}:`);
    h.update(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    return;
  }
  if (value instanceof ArrayBuffer) {
    h.update(`B${value.byteLength}:`);
    h.update(new Uint8Array(value));
    return;
  }
  if (Array.isArray(value)) {
    h.update(`a${value.length}[`);
    for (const item of value) feed(h, item);
    h.update(']');
    return;
  }
  if (value instanceof Map) {
    const keys = [...value.keys()].map(String).sort();
    h.update(`m${keys.length}{`);
    for (const k of keys) {
      feed(h, k);
      feed(h, value.get(k));
    }
    h.update('}');
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  h.update(`o${keys.length}{`);
  for (const k of keys) {
    feed(h, k);
    feed(h, record[k]);
  }
  h.update('}');
}
