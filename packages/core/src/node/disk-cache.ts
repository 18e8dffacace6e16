import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { CacheStore } from '../engine/exec/output-cache.js';
import { coreCodeVersion, packageCodeVersion } from './code-version.js';

/**
 * Node outputs on disk, one file per cache key (V8's serializer keeps typed arrays typed and is
 * fast), bounded in bytes: the least recently used files go first. Writes are atomic (temp file,
 * rename), so a killed run leaves no half-written entry; an unreadable entry counts as a miss.
 * Each entry records the code it was made by (core's and the node package's, `packageCodeVersion`),
 * and an entry made by other code is a miss: an upgrade or an edit of shared code never serves
 * stale outputs.
 */
export function diskCacheStore(dir: string, maxBytes = 4 * 1024 ** 3): CacheStore {
  mkdirSync(dir, { recursive: true });
  const path = (key: string) => join(dir, `${key}.v8`);
  const codeOf = (origin: string | undefined) =>
    `${origin ? packageCodeVersion(origin) : '-'}|${coreCodeVersion()}`;
  let total = 0;
  for (const name of readdirSync(dir)) if (name.endsWith('.v8')) total += statSync(join(dir, name)).size;
  const evict = () => {
    if (total <= maxBytes) return;
    const entries = readdirSync(dir)
      .filter((n) => n.endsWith('.v8'))
      .map((n) => {
        const s = statSync(join(dir, n));
        return { n, size: s.size, used: s.mtimeMs };
      })
      .sort((a, b) => a.used - b.used);
    for (const e of entries) {
      if (total <= maxBytes * 0.9) break;
      try {
        unlinkSync(join(dir, e.n));
        total -= e.size;
      } catch {
        /* another process took it */
      }
    }
  };
  return {
    get(key, origin) {
      const file = path(key);
      try {
        const entry = deserialize(readFileSync(file)) as StoredEntry;
        if (entry.code !== codeOf(origin)) return undefined;
        const now = new Date();
        utimesSync(file, now, now); // recency for eviction
        return entry.outputs;
      } catch {
        return undefined;
      }
    },
    set(key, outputs, origin) {
      const bytes = serialize({ code: codeOf(origin), outputs } satisfies StoredEntry);
      const file = path(key);
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, bytes);
      renameSync(tmp, file);
      total += bytes.length;
      evict();
    },
  };
}

interface StoredEntry {
  code: string;
  outputs: Record<string, unknown>;
}
