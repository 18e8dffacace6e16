/**
 * Crash-safe file replacement for Node: readers (and a later run after a crash or
 * Ctrl-C) see either the old file or the complete new one, never a partial write.
 */

import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

// Temp files currently being written. Kept module-global so a SIGINT/SIGTERM handler,
// which has no handle on in-flight writes, can still delete them before exiting.
const pending = new Set<string>();

/**
 * Writes `data` (strings as UTF-8) to `path` atomically: a temp file
 * `.<name>.<pid>.<random>.tmp` is written and fsynced in the same directory (rename is
 * only atomic within one file system), then renamed over the target. Missing parent
 * directories are created. On failure the temp file is removed, any existing target is
 * left untouched, and the error names the target path (original error in `cause`,
 * errno `code` preserved).
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const target = resolve(path);
  const dir = dirname(target);
  const temp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  pending.add(temp);
  try {
    await mkdir(dir, { recursive: true });
    await writeAndSync(temp, data);
    await rename(temp, target);
    pending.delete(temp);
  } catch (err) {
    pending.delete(temp);
    await rm(temp, { force: true }).catch(() => undefined);
    throw wrapError(err, target);
  }
  await syncDirectory(dir);
}

async function writeAndSync(temp: string, data: Uint8Array | string): Promise<void> {
  // 'wx' fails instead of following a symlink or clobbering a file someone planted
  // under the temp name.
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(data);
    // Without fsync the rename can reach the disk before the data does, and a power
    // loss leaves an empty file under the real name: the very thing we guard against.
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDirectory(dir: string): Promise<void> {
  // Makes the rename itself durable on POSIX. Windows cannot open directories this
  // way, and the data is already safe in either file, so failure here is ignored.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}

function wrapError(err: unknown, target: string): Error {
  const cause = err as NodeJS.ErrnoException;
  const wrapped: NodeJS.ErrnoException = new Error(
    `cannot write ${target}: ${cause instanceof Error ? cause.message : String(err)}`,
    { cause: err },
  );
  if (cause?.code !== undefined) wrapped.code = cause.code;
  return wrapped;
}

/** Temp files of writes still in progress (absolute paths). */
export function pendingTempFiles(): string[] {
  return [...pending];
}

/**
 * Deletes the temp files of in-progress writes. Synchronous on purpose: it is meant for
 * signal and exit handlers, where awaiting is not reliable. The interrupted writes then
 * fail (their rename finds no file) and leave the old targets in place.
 */
export function removePendingTempFiles(): string[] {
  const removed = [...pending];
  for (const temp of removed) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // best effort: keep cleaning the others
    }
    pending.delete(temp);
  }
  return removed;
}
