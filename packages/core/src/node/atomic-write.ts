/**
 * Crash-safe file replacement for Node: readers (and a later run after a crash or
 * Ctrl-C) see either the old file or the complete new one, never a partial write.
 */

import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { NodeError } from '../engine/errors/node-error.js';
import { checkConfined } from './confine.js';

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
export interface AtomicWriteOptions {
  /**
   * A folder the file must stay inside, symlinks resolved: checked again after the parent folders
   * are made, just before the temp file is created, so a symlink planted meanwhile is caught too.
   */
  confineTo?: string;
}

export async function writeFileAtomic(
  path: string,
  data: Uint8Array | string,
  opts: AtomicWriteOptions = {},
): Promise<void> {
  const target = resolve(path);
  const dir = dirname(target);
  const temp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  if (opts.confineTo) checkConfined(opts.confineTo, target);
  pending.add(temp);
  try {
    await mkdir(dir, { recursive: true });
    if (opts.confineTo) checkConfined(opts.confineTo, target);
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
  // A refusal already names the path and says why; wrapping would only bury it.
  if (err instanceof NodeError) return err;
  const cause = err as NodeJS.ErrnoException;
  const wrapped: NodeJS.ErrnoException = new Error(
    `cannot write ${target}: ${cause instanceof Error ? cause.message : String(err)}`,
    { cause: err },
  );
  if (cause?.code !== undefined) wrapped.code = cause.code;
  return wrapped;
}

/**
 * writeFileAtomic for the moment when nothing may be awaited (a second Ctrl-C, an exit handler):
 * the same temp-file-then-rename, done synchronously.
 */
export function writeFileAtomicSync(path: string, data: Uint8Array | string): void {
  const target = resolve(path);
  const dir = dirname(target);
  const temp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(temp, 'wx');
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let off = 0; off < bytes.byteLength;) off += writeSync(fd, bytes, off, bytes.byteLength - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (err) {
    try {
      rmSync(temp, { force: true });
    } catch {
      /* best effort */
    }
    throw wrapError(err, target);
  }
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

/** The name of a temp file of this tool: `.<name>.<pid>.<12 hex>.tmp`; the pid, if it is one. */
export function tempFilePid(name: string): number | undefined {
  const m = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, only not ours to signal.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temp files left in `dir` (and its subfolders) by writes of this tool whose process is
 * gone: a crash, `kill -9`, a power loss. Files of live processes (a run writing into the same
 * folder right now) and anything not named like our temp files are kept. Returns what it removed.
 */
export function removeStaleTempFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const e of entries) {
    if (!e.isFile()) continue;
    const pid = tempFilePid(e.name);
    if (pid === undefined || processAlive(pid)) continue;
    const path = join(e.parentPath, e.name);
    try {
      rmSync(path, { force: true });
      removed.push(path);
    } catch {
      // best effort: a file we cannot remove is left for the user
    }
  }
  return removed;
}
