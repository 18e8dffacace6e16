import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { CacheStore } from '../engine/exec/output-cache.js';

/**
 * Node outputs on disk, one file per cache key (V8's serializer keeps typed arrays typed and is
 * fast), bounded in bytes: the least recently used files go first. Writes are atomic (temp file,
 * rename), so a killed run leaves no half-written entry; an unreadable entry counts as a miss.
 * Entries are trusted by key: a node whose outputs change must bump its `version`.
 */
export function diskCacheStore(dir: string, maxBytes = 4 * 1024 ** 3): CacheStore {
  mkdirSync(dir, { recursive: true });
  const path = (key: string) => join(dir, `${key}.v8`);
  let total = 0;
  for (const name of readdirSync(dir)) if (name.endsWith('.v8')) total += statSync(join(dir, name)).size;
  const evict = () => {
    if (total <= maxBytes) return;
    const entries = readdirSync(dir).filter((n) => n.endsWith('.v8')).map((n) => {
      const s = statSync(join(dir, n));
      return { n, size: s.size, used: s.mtimeMs };
    }).sort((a, b) => a.used - b.used);
    for (const e of entries) {
      if (total <= maxBytes * 0.9) break;
      try { unlinkSync(join(dir, e.n)); total -= e.size; } catch { /* another process took it */ }
    }
  };
  return {
    get(key) {
      try {
        const bytes = readFileSync(path(key));
        const now = new Date();
        utimesSync(path(key), now, now); // recency for eviction
        return deserialize(bytes) as Record<string, unknown>;
      } catch {
        return undefined;
      }
    },
    set(key, outputs) {
      const bytes = serialize(outputs);
      const tmp = `${path(key)}.${process.pid}.tmp`;
      writeFileSync(tmp, bytes);
      renameSync(tmp, path(key));
      total += bytes.length;
      evict();
    },
  };
}
