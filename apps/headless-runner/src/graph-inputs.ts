import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  jsonDepthExceeded,
  MAX_JSON_DEPTH,
  normaliseInput,
  splitPortRef,
  type GraphPlan,
  type PortType,
} from '@ffavatar/core';
import { ASSET_PREFIX, checkInputFile, resolveAsset, specialFileKind } from '@ffavatar/core/node';
import { UsageError } from './errors.js';

/** Node types whose Path input is a photo: a folder given for them stands for its images only. */
const IMAGE_READERS = new Set(['io.loadImage', 'io.listImages']);
/** The extensions io.listImages takes (builtin/image-files.ts). */
const IMAGE_FILE = /\.(png|jpe?g)$/i;

export interface GraphInputOptions {
  /** Where a note goes that is not an error (entries of a folder that were skipped). */
  warn?: (message: string) => void;
}

/**
 * Turns `--input NAME=VALUE` flags into values of the graph's declared input types. Paths are
 * made absolute against the working folder (the graph's own defaults resolve against the graph
 * file's folder instead); `asset:NAME` is found in the asset folders, never under the working
 * folder. A `List<...>` input takes the flag several times; a folder given for a `List<Path>`
 * stands for the regular files in it, sorted (only its images, when the input feeds an image
 * loader), and what it skipped is said through `warn`. A path that exists but cannot be an input
 * (a device, a FIFO, a file over its byte cap) stops here, before any worker starts.
 */
export function parseGraphInputs(
  plan: GraphPlan,
  flags: readonly string[],
  opts: GraphInputOptions = {},
): Record<string, unknown> {
  const given = new Map<string, string[]>();
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new UsageError(`--input ${flag}: expected NAME=VALUE`);
    const name = flag.slice(0, eq);
    if (!plan.inputs[name]) {
      const declared = Object.keys(plan.inputs);
      throw new UsageError(
        `--input ${name}: the graph has no input "${name}"; it has ${declared.length ? declared.join(', ') : 'none'}`,
      );
    }
    const value = flag.slice(eq + 1);
    // An empty value is a slip (an unset shell variable), never "the current folder".
    if (value === '' && plan.inputs[name]!.type.name !== 'Text')
      throw new UsageError(`--input ${name}= has no value`);
    given.set(name, [...(given.get(name) ?? []), value]);
  }
  const values: Record<string, unknown> = {};
  for (const [name, raws] of given) {
    const type = plan.inputs[name]!.type;
    if (type.item) {
      const images = feedsImageReaders(plan, name);
      values[name] = raws.flatMap((raw) =>
        type.item!.name === 'Path'
          ? expandFolder(name, raw, images, opts.warn)
          : [convert(name, type.item!, raw)],
      );
    } else {
      if (raws.length > 1)
        throw new UsageError(`--input ${name}: given ${raws.length} times, but it takes one ${type.name}`);
      values[name] = convert(name, type, raws[0]!);
    }
  }
  return values;
}

function convert(name: string, type: PortType, raw: string): unknown {
  switch (type.name) {
    case 'Path':
      return inputPath(name, raw);
    case 'Text':
      return raw;
    case 'Number': {
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new UsageError(`--input ${name}=${raw}: expected a number`);
      return n;
    }
    case 'Boolean':
      if (raw !== 'true' && raw !== 'false')
        throw new UsageError(`--input ${name}=${raw}: expected true or false`);
      return raw === 'true';
    default:
      if (jsonDepthExceeded(raw) !== undefined)
        throw new UsageError(`--input ${name}: the JSON value nests deeper than ${MAX_JSON_DEPTH} levels`);
      try {
        return JSON.parse(raw);
      } catch {
        throw new UsageError(`--input ${name}: a ${type.name} is given as JSON`);
      }
  }
}

/** An absolute path for a `--input` value, checked if it exists (a missing one is the node's to report). */
function inputPath(name: string, raw: string): string {
  let path: string;
  if (raw.startsWith(ASSET_PREFIX)) {
    try {
      path = resolveAsset(raw.slice(ASSET_PREFIX.length));
    } catch (err) {
      throw new UsageError(`--input ${name}=${raw}: ${(err as Error).message}`);
    }
  } else {
    path = resolve(raw);
  }
  try {
    checkInputFile(path);
  } catch (err) {
    if ((err as { code?: string }).code !== 'bad_input') return path;
    throw new UsageError(`--input ${name}=${raw}: ${(err as Error).message}`);
  }
  return path;
}

function feedsImageReaders(plan: GraphPlan, name: string): boolean {
  const spec = plan.doc.inputs[name];
  if (!spec) return false;
  const targets = normaliseInput(spec).targets.map(
    (t) => plan.order.find((n) => n.id === splitPortRef(t).node)?.def.type,
  );
  return targets.length > 0 && targets.every((t) => t !== undefined && IMAGE_READERS.has(t));
}

function expandFolder(
  name: string,
  raw: string,
  imagesOnly: boolean,
  warn: ((message: string) => void) | undefined,
): string[] {
  const path = inputPath(name, raw);
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return [path];
  }
  if (!isDir) return [path];
  const taken: string[] = [];
  const skipped: string[] = [];
  for (const entry of readdirSync(path).sort()) {
    if (entry.startsWith('.')) continue;
    const full = join(path, entry);
    let kind: string | undefined;
    try {
      const s = statSync(full);
      kind = s.isDirectory() ? 'a folder' : specialFileKind(s);
    } catch {
      kind = 'a broken link';
    }
    if (kind) skipped.push(`${entry} (${kind})`);
    else if (imagesOnly && !IMAGE_FILE.test(entry)) skipped.push(`${entry} (not .png, .jpg or .jpeg)`);
    else taken.push(full);
  }
  if (skipped.length > 0)
    warn?.(
      `--input ${name}=${raw}: skipped ${skipped.length} entr${skipped.length === 1 ? 'y' : 'ies'}: ${skipped.join(', ')}`,
    );
  if (taken.length === 0)
    throw new UsageError(
      `--input ${name}=${raw}: the folder holds no ${imagesOnly ? 'PNG or JPEG files' : 'files'}`,
    );
  return taken;
}
