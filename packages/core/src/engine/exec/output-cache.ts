import type { Slot } from './slot.js';

/**
 * A second level behind the in-memory cache that outlives the process (the CLI's `--cache DIR`):
 * a new run with one more photo finds the other photos' branches there. Values, not slots: the
 * executor rebuilds slots with the same hashes, so a stored output is indistinguishable from a
 * computed one.
 */
export interface CacheStore {
  /**
   * `origin` is the module specifier of the node's package (undefined for packages given as
   * values): a store that outlives the process keys entries by that package's code too.
   */
  get(key: string, origin?: string): Record<string, unknown> | undefined;
  set(key: string, outputs: Record<string, unknown>, origin?: string): void;
}

/**
 * Node outputs keyed by hash(type, version, params, input hashes), least recently used first out,
 * bounded in bytes of typed-array payload. Keys never contain node ids, so two nodes doing the
 * same work share an entry, and a node renamed in the editor keeps its cache.
 */
export class OutputCache {
  private readonly entries = new Map<string, { outputs: Record<string, Slot>; bytes: number }>();
  private bytesHeld = 0;
  hits = 0;
  misses = 0;

  constructor(
    readonly maxBytes = 2 * 1024 ** 3,
    readonly store?: CacheStore,
  ) {}

  get(key: string): Record<string, Slot> | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits++;
    return entry.outputs;
  }

  set(key: string, outputs: Record<string, Slot>, bytes: number): void {
    this.delete(key);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { outputs, bytes });
    this.bytesHeld += bytes;
    for (const [oldKey, old] of this.entries) {
      if (this.bytesHeld <= this.maxBytes) break;
      this.entries.delete(oldKey);
      this.bytesHeld -= old.bytes;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytesHeld -= entry.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.bytesHeld = 0;
  }

  get size(): number {
    return this.entries.size;
  }
  get bytes(): number {
    return this.bytesHeld;
  }
}
