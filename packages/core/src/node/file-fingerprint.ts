import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { NodeError } from '../engine/errors/node-error.js';
import { hashValue } from '../engine/hash/content-hash.js';
import { specialFileKind } from './input-limits.js';
import xxhash from 'xxhash-wasm';

interface Known {
  size: number;
  mtimeMs: number;
  ino: number;
  hash: string;
}

/** Per-process memo: an unchanged file (same size, mtime and inode) is not read again. */
const known = new Map<string, Known>();
const hasher = xxhash();

/**
 * The content identity of a file: xxhash64 of its bytes, memoised by size, mtime and inode (the
 * fast path: a second run in this process, or a mapped node reading the same model per item). A
 * folder gives the hash of its listing (names and kinds), which changes when an entry comes or goes.
 * Across processes the content is hashed once again, so a file rewritten with its old mtime (cp -p)
 * is never trusted by its metadata alone.
 */
export async function fileFingerprint(abs: string): Promise<string> {
  const s = await stat(abs);
  const special = specialFileKind(s);
  // Hashing streams the file to its end, and a device or FIFO has none.
  if (special)
    throw new NodeError(
      'bad_input',
      `cannot read ${abs}: it is ${special}; inputs are read from regular files only`,
    );
  if (s.isDirectory()) {
    const entries = await readdir(abs, { withFileTypes: true });
    return `dir:${hashValue(entries.map((e) => `${e.isDirectory() ? 'd' : 'f'}:${e.name}`).sort())}`;
  }
  const prior = known.get(abs);
  if (prior && prior.size === s.size && prior.mtimeMs === s.mtimeMs && prior.ino === s.ino) return prior.hash;
  const h = (await hasher).create64();
  for await (const chunk of createReadStream(abs)) h.update(chunk as Uint8Array);
  const hash = `file:${s.size}:${h.digest().toString(16).padStart(16, '0')}`;
  known.set(abs, { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino, hash });
  return hash;
}
