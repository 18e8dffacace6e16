import { hashString } from '../hash/content-hash.js';
import type { PlannedNode } from '../graph/validate.js';
import { byteSizeOf } from '../values/typed-arrays.js';
import type { RunContext } from './run-context.js';

/**
 * Results a node keeps under keys of its own, beside its outputs and in the same caches (memory,
 * and the disk store with `--cache`): the per-frame results of a sequence, so a rerun whose input
 * list grew computes only what it has not seen. The node chooses keys that cover everything a
 * result depends on (e.g. `prefixKeys` over its frames' identities); the engine scopes them to the
 * node's type and version, and the disk store to its package's code.
 */
export interface NodeMemo {
  /** The values kept under `keys`, undefined where none; copies, so the node may keep or change them. */
  get(keys: readonly string[]): Promise<(unknown | undefined)[]>;
  /** Keeps a copy of `value` (taken at once) under `key`: stored even if the run fails later. */
  set(key: string, value: unknown): void;
}

/**
 * What the engine knows an input by: its hash (the key that made it, or its content) and, for a
 * List, each item's own: frames are known by content, so the same frame of a longer range is the
 * same item.
 */
export interface InputIdentity {
  readonly hash: string;
  readonly items?: readonly string[];
}

/** The memo a node's run gets from the executor: the run's output cache, keys scoped to the node. */
export function nodeMemo(node: PlannedNode, ctx: RunContext, counts: MemoCounts): NodeMemo {
  const scoped = (key: string) => `memo-${hashString(`${node.def.type}|${node.def.version}|${key}`)}`;
  const origin = node.entry.specifier;
  const lookup = (full: string): unknown => {
    const hit = ctx.cache.get(full);
    if (hit) return hit.value!.value;
    const stored = ctx.cache.store?.get(full, origin);
    if (!stored) return undefined;
    remember(full, stored.value);
    return stored.value;
  };
  const remember = (full: string, value: unknown) =>
    ctx.cache.set(full, { value: { value, hash: full } }, byteSizeOf([value]));
  return {
    async get(keys) {
      return keys.map((key) => {
        const value = lookup(scoped(key));
        if (value === undefined) return undefined;
        counts.hits++;
        // The held value stays the cache's own: the node may keep, change or send away its copy.
        return structuredClone(value);
      });
    },
    set(key, value) {
      const full = scoped(key);
      const own = structuredClone(value);
      counts.stored++;
      ctx.cache.store?.set(full, { value: own }, origin);
      remember(full, own);
    },
  };
}

/** How much of a node's run its memo served and kept (the run report's `memo`). */
export interface MemoCounts {
  hits: number;
  stored: number;
}
