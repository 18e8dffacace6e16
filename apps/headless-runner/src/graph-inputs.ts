import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { GraphPlan, PortType } from '@ffavatar/core';
import { UsageError } from './errors.js';

/**
 * Turns `--input NAME=VALUE` flags into values of the graph's declared input types. Paths are
 * made absolute against the working folder (the graph's own defaults resolve against the graph
 * file's folder instead). A `List<...>` input takes the flag several times; a folder given for a
 * `List<Path>` stands for the files in it, sorted.
 */
export function parseGraphInputs(plan: GraphPlan, flags: readonly string[]): Record<string, unknown> {
  const given = new Map<string, string[]>();
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new UsageError(`--input ${flag}: expected NAME=VALUE`);
    const name = flag.slice(0, eq);
    if (!plan.inputs[name]) {
      const declared = Object.keys(plan.inputs);
      throw new UsageError(`--input ${name}: the graph has no input "${name}"; it has ${declared.length ? declared.join(', ') : 'none'}`);
    }
    given.set(name, [...(given.get(name) ?? []), flag.slice(eq + 1)]);
  }
  const values: Record<string, unknown> = {};
  for (const [name, raws] of given) {
    const type = plan.inputs[name]!.type;
    if (type.item) {
      values[name] = raws.flatMap((raw) => (type.item!.name === 'Path' ? expandFolder(raw) : [convert(name, type.item!, raw)]));
    } else {
      if (raws.length > 1) throw new UsageError(`--input ${name}: given ${raws.length} times, but it takes one ${type.name}`);
      values[name] = convert(name, type, raws[0]!);
    }
  }
  return values;
}

function convert(name: string, type: PortType, raw: string): unknown {
  switch (type.name) {
    case 'Path': return resolve(raw);
    case 'Text': return raw;
    case 'Number': {
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new UsageError(`--input ${name}=${raw}: expected a number`);
      return n;
    }
    case 'Boolean':
      if (raw !== 'true' && raw !== 'false') throw new UsageError(`--input ${name}=${raw}: expected true or false`);
      return raw === 'true';
    default:
      try { return JSON.parse(raw); } catch { throw new UsageError(`--input ${name}: a ${type.name} is given as JSON`); }
  }
}

function expandFolder(raw: string): string[] {
  const path = resolve(raw);
  let isDir = false;
  try { isDir = statSync(path).isDirectory(); } catch { return [path]; }
  if (!isDir) return [path];
  return readdirSync(path).filter((n) => !n.startsWith('.')).sort().map((n) => join(path, n));
}
