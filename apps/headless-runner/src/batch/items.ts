import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import type { GraphPlan } from '@ffavatar/core';
import { UsageError } from '../errors.js';
import { parseGraphInputs } from '../graph-inputs.js';
import { expandGlob, isGlob } from './glob.js';

/** One graph run of a batch: the graph inputs it binds, already converted (paths absolute). */
export interface BatchItem {
  /** Folder name under --out; also in messages. */
  id: string;
  inputs: Record<string, unknown>;
  /** Where the item came from, for messages ("folder subjects/anna", "items.json[3]"). */
  source: string;
}

export interface ItemsOptions {
  /** The graph input each item binds when items are paths; default: the graph's only input. */
  itemInput: string | undefined;
  cwd?: string;
}

/** Names that cannot be item folders: batch.json lives beside them, dot-names are ours (.partial). */
const RESERVED = new Set(['batch.json']);

/**
 * Reads `--items`: a folder (each entry, file or folder, is one item), a JSON list, or a glob.
 * A list holds paths (bound like folder entries, relative to the list's folder) or objects
 * `{ "id": "anna", "inputs": { "images": "anna/", "strength": 0.5 } }` that bind any inputs.
 */
export function resolveItems(plan: GraphPlan, spec: string, opts: ItemsOptions): BatchItem[] {
  const cwd = opts.cwd ?? process.cwd();
  const path = resolve(cwd, spec);
  let items: BatchItem[];
  if (isGlob(spec)) {
    const matches = expandGlob(spec, cwd);
    if (matches.length === 0) throw new UsageError(`--items ${spec}: the glob matches nothing`);
    items = matches.map((m) => pathItem(plan, opts, m.path, idFromPath(m.rel), `glob match ${m.path}`));
  } else if (kindOf(path) === 'dir') {
    const names = readdirSync(path)
      .filter((n) => !n.startsWith('.'))
      .sort();
    if (names.length === 0) throw new UsageError(`--items ${spec}: the folder ${path} is empty`);
    items = names.map((n) => pathItem(plan, opts, join(path, n), idFromPath(n), `${join(path, n)}`));
  } else if (kindOf(path) === 'file' && extname(path).toLowerCase() === '.json') {
    items = listItems(plan, opts, path);
  } else {
    throw new UsageError(
      `--items ${spec}: ${kindOf(path) === 'none' ? 'no such file or folder' : 'not a folder, a .json list or a glob'} (${path})`,
    );
  }
  const seen = new Map<string, string>();
  for (const item of items) {
    const other = seen.get(item.id);
    if (other)
      throw new UsageError(
        `--items: ${other} and ${item.source} both get the item id "${item.id}"; ids must be unique`,
      );
    seen.set(item.id, item.source);
  }
  return items;
}

function listItems(plan: GraphPlan, opts: ItemsOptions, file: string): BatchItem[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--items ${file}: ${(err as Error).message}`);
  }
  if (!Array.isArray(raw))
    throw new UsageError(`--items ${file}: expected a JSON array of paths or { "id", "inputs" } objects`);
  if (raw.length === 0) throw new UsageError(`--items ${file}: the list is empty`);
  const dir = dirname(file);
  return raw.map((entry: unknown, i) => {
    const where = `${file}[${i}]`;
    if (typeof entry === 'string') {
      const path = resolve(dir, entry);
      return pathItem(plan, opts, path, idFromPath(basename(path)), where);
    }
    if (!entry || typeof entry !== 'object' || Array.isArray(entry))
      throw new UsageError(`${where}: expected a path or an object { "id", "inputs" }`);
    const { id, inputs } = entry as { id?: unknown; inputs?: unknown };
    if (typeof id !== 'string' || id === '')
      throw new UsageError(`${where}: "id" must be a non-empty string`);
    if (!inputs || typeof inputs !== 'object' || Array.isArray(inputs))
      throw new UsageError(`${where}: "inputs" must be an object of graph input values`);
    const flags: string[] = [];
    for (const [name, value] of Object.entries(inputs)) {
      const spec = plan.inputs[name];
      const isPath = spec?.type.name === 'Path' || spec?.type.item?.name === 'Path';
      for (const v of Array.isArray(value) && spec?.type.item ? value : [value]) {
        const text =
          typeof v === 'string'
            ? isPath && !isAbsolute(v) && !v.startsWith('asset:')
              ? resolve(dir, v)
              : v
            : JSON.stringify(v);
        flags.push(`${name}=${text}`);
      }
    }
    return { id: checkId(id, where), inputs: convert(plan, flags, where), source: where };
  });
}

function pathItem(plan: GraphPlan, opts: ItemsOptions, path: string, id: string, source: string): BatchItem {
  const name = bindName(plan, opts.itemInput);
  return { id: checkId(id, source), inputs: convert(plan, [`${name}=${path}`], source), source };
}

function bindName(plan: GraphPlan, given: string | undefined): string {
  const declared = Object.keys(plan.inputs);
  if (given !== undefined) {
    if (!plan.inputs[given])
      throw new UsageError(
        `--item-input ${given}: the graph has no input "${given}"; it has ${declared.join(', ') || 'none'}`,
      );
    return given;
  }
  if (declared.length === 1) return declared[0]!;
  if (declared.length === 0)
    throw new UsageError(
      '--items: the graph declares no inputs, so an item has nothing to bind (add "inputs" to the graph file)',
    );
  throw new UsageError(
    `--items: the graph has inputs ${declared.join(', ')}; say which one each item binds with --item-input NAME`,
  );
}

function convert(plan: GraphPlan, flags: string[], source: string): Record<string, unknown> {
  try {
    return parseGraphInputs(plan, flags);
  } catch (err) {
    throw new UsageError(`item ${source}: ${(err as Error).message}`);
  }
}

/** `anna.png` -> `anna`, `group/anna` -> `group__anna`; anything outside [A-Za-z0-9._-] becomes `_`. */
export function idFromPath(rel: string): string {
  const parts = rel.split(/[\\/]+/).filter((p) => p !== '');
  const last = parts.pop() ?? '';
  const ext = extname(last);
  parts.push(ext && ext !== last ? last.slice(0, -ext.length) : last);
  return parts
    .join('__')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[.]+/, '');
}

function checkId(id: string, source: string): string {
  if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(id) || RESERVED.has(id)) {
    throw new UsageError(
      `item ${source}: id "${id}" cannot name a folder (use letters, digits, ".", "_", "-"; not starting with ".")`,
    );
  }
  return id;
}

function kindOf(path: string): 'dir' | 'file' | 'none' {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'file';
  } catch {
    return 'none';
  }
}
