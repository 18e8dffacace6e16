import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from '../commands/run.js';

/**
 * An item runs in `<out>/.partial/<id>.<pid>.<random>/` and is renamed to `<out>/<id>/` only when its
 * report is written, so a worker that dies or is cancelled never leaves a half-written item folder
 * behind, and a rerun can trust any `<out>/<id>/report.json` it finds.
 */
export const PARTIAL_DIR = '.partial';

export async function makeTempItemDir(out: string, id: string): Promise<string> {
  const dir = join(out, PARTIAL_DIR, `${id}.${process.pid}.${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

/**
 * Moves a finished temp folder to its final place. A stale folder there (a failed run, or one made
 * for other params) is moved aside first and put back if the move fails, so the final path always
 * holds one complete run. Rename is atomic within a file system: temp and final share `<out>`.
 */
export async function commitItemDir(temp: string, final: string): Promise<void> {
  let aside: string | undefined;
  if (existsSync(final)) {
    aside = `${temp}.old`;
    await rename(final, aside);
  }
  try {
    await rename(temp, final);
  } catch (err) {
    if (aside) await rename(aside, final).catch(() => undefined);
    throw new Error(`cannot move the finished item into ${final}: ${(err as Error).message}`);
  }
  if (aside) await rm(aside, { recursive: true, force: true });
}

export async function discardDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true }).catch(() => undefined);
}

/**
 * The report of an item finished by an earlier run of the same job (same key), if its outputs are
 * all still there; undefined means the item must run.
 */
export async function finishedReport(out: string, id: string, key: string): Promise<Report | undefined> {
  let report: Report;
  try {
    report = JSON.parse(await readFile(join(out, id, 'report.json'), 'utf8')) as Report;
  } catch {
    return undefined;
  }
  if (report.format !== 'ffavatar-report' || !report.ok || report.job?.key !== key) return undefined;
  return outputFiles(report.outputs).every((f) => existsSync(f)) ? report : undefined;
}

/** The item's report, whatever its state (used to describe a failed item). */
export async function readItemReport(out: string, id: string): Promise<Report | undefined> {
  try {
    const report = JSON.parse(await readFile(join(out, id, 'report.json'), 'utf8')) as Report;
    return report.format === 'ffavatar-report' ? report : undefined;
  } catch {
    return undefined;
  }
}

function outputFiles(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(outputFiles);
  if (!value || typeof value !== 'object') return [];
  const file = (value as { file?: unknown }).file;
  return typeof file === 'string' ? [file] : Object.values(value).flatMap(outputFiles);
}

/**
 * Removes what killed or cancelled workers left in `.partial` for these items. Only called once no
 * job of the batch is running, so no live run loses its folder.
 */
export async function removeLeftovers(out: string, ids: readonly string[]): Promise<void> {
  const dir = join(out, PARTIAL_DIR);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  const mine = new Set(ids);
  for (const name of names) {
    const id = /^(.*)\.\d+\.[0-9a-f]{8}(\.old)?$/.exec(name)?.[1];
    if (id !== undefined && mine.has(id)) await discardDir(join(dir, name));
  }
  await rmdir(dir).catch(() => undefined); // only when empty: another batch may share --out
}
