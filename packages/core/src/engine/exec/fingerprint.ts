import { hashValue } from '../hash/content-hash.js';
import type { NodeDef } from '../nodes/define-node.js';
import { paramsJsonSchema } from '../nodes/describe.js';
import { fileParamInfo } from '../nodes/file-param.js';
import type { FileAccess } from './node-context.js';

const fileParamKeys = new WeakMap<NodeDef, readonly string[]>();

/** The top-level params of a node type marked with `fileParam`: files the engine fingerprints. */
export function fileParamsOf(def: NodeDef): readonly string[] {
  let keys = fileParamKeys.get(def);
  if (!keys) {
    const properties = (paramsJsonSchema(def).properties ?? {}) as Record<string, Record<string, unknown>>;
    keys = Object.keys(properties).filter((k) => fileParamInfo(properties[k]!) !== undefined);
    fileParamKeys.set(def, keys);
  }
  return keys;
}

/** A file's content identity through the host's fast path when it has one. */
export async function fingerprintFile(files: FileAccess, path: string): Promise<string> {
  return files.fingerprint ? files.fingerprint(path) : hashValue(await files.read(path));
}

/**
 * What besides inputs and params a node's outputs depend on: the files its file params name and
 * whatever its own `fingerprint` hook says. Undefined for the common node that depends on nothing
 * else. A file that cannot be read gives a marker that no successful run was cached under, so the
 * node runs and reports the problem itself, with its own message.
 */
export async function nodeFingerprint(
  def: NodeDef,
  params: unknown,
  inputs: Record<string, unknown>,
  files: FileAccess,
  signal: AbortSignal,
): Promise<string | undefined> {
  const keys = fileParamsOf(def);
  if (keys.length === 0 && !def.fingerprint) return undefined;
  const parts: string[] = [];
  const record = (params ?? {}) as Record<string, unknown>;
  for (const key of keys) {
    const path = record[key];
    if (typeof path === 'string' && path !== '')
      parts.push(`${key}=${await guarded(() => fingerprintFile(files, path))}`);
  }
  if (def.fingerprint)
    parts.push(`node=${await guarded(() => def.fingerprint!({ inputs, params, files, signal }))}`);
  return parts.join('|');
}

/**
 * A `fingerprint` hook for nodes that read the files their Path inputs name: the content of each
 * (a folder gives its listing), so a file replaced in place is read again.
 */
export function fingerprintInputFiles(...ports: string[]) {
  return async ({
    inputs,
    files,
  }: {
    inputs: Record<string, unknown>;
    files: FileAccess;
  }): Promise<string> => {
    const parts: string[] = [];
    for (const port of ports) {
      const path = inputs[port];
      if (typeof path === 'string') parts.push(`${port}=${await fingerprintFile(files, path)}`);
    }
    return parts.join('|');
  };
}

async function guarded(make: () => Promise<string> | string): Promise<string> {
  try {
    return await make();
  } catch {
    return 'unreadable';
  }
}
