// Files picked in a param's file widget. A page never learns a file's path, so a picked file is
// named `local:<name>` in the graph and read through an object URL by this tab's runs only; the
// CLI cannot read it, and saving says so (localParams).
import type { GraphDocument } from '@ffavatar/core';

const LOCAL = 'local:';
const urls = new Map<string, string>();

/** Registers a picked file for this tab's runs and returns the param value that names it. */
const picked = new Map<string, File>();

export function registerLocalFile(file: File): string {
  // The same name for the same file; a different file of that name (another folder) gets its own.
  let name = `${LOCAL}${file.name}`;
  for (let n = 2; picked.has(name) && !sameFile(picked.get(name)!, file); n++)
    name = `${LOCAL}${n}/${file.name}`;
  const old = urls.get(name);
  if (old) URL.revokeObjectURL(old.split('#')[0]!);
  picked.set(name, file);
  // The name rides in the fragment, so a node's error message names the file.
  urls.set(name, `${URL.createObjectURL(file)}#${encodeURIComponent(file.name)}`);
  return name;
}

function sameFile(a: File, b: File): boolean {
  return a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;
}

/** The document with every `local:` param value replaced by its object URL, for a run in this tab. */
export function withLocalFiles(doc: GraphDocument): GraphDocument {
  return {
    ...doc,
    nodes: doc.nodes.map((n) =>
      n.params && Object.values(n.params).some(isLocal)
        ? {
            ...n,
            params: Object.fromEntries(
              Object.entries(n.params).map(([k, v]) => [k, isLocal(v) ? (urls.get(v) ?? v) : v]),
            ),
          }
        : n,
    ),
  };
}

/** `node.param` of every param that names a file picked in this tab. */
export function localParams(doc: GraphDocument): string[] {
  return doc.nodes.flatMap((n) =>
    Object.entries(n.params ?? {})
      .filter(([, v]) => isLocal(v))
      .map(([k]) => `${n.id}.${k}`),
  );
}

function isLocal(v: unknown): v is string {
  return typeof v === 'string' && v.startsWith(LOCAL);
}
