// User node packages in the editor: the same single-module packages the runner loads with
// --plugin (a default export from defineNodePackage, importing '@ffavatar/core' and 'zod', as
// examples/hello-plugin does). A page has no module resolution for bare names, so the source's
// imports of those two are pointed at the editor's own plugin API modules, and the result is
// imported from an object URL: on the page (palette, validation) and in the run workers (the URL is
// the package's specifier). Sources are kept in IndexedDB and loaded again on the next visit.
import type { NodePackage, PackageSource } from '@ffavatar/core';

export interface UserPackage {
  name: string;
  file: string;
  source: string;
}

// Built entries (vite.config.ts); the dev server redirects them to their sources.
const API: Record<string, string> = { '@ffavatar/core': '/plugin-api/core.js', zod: '/plugin-api/zod.js' };

/** The source with its `@ffavatar/core` and `zod` imports pointed at the page's plugin API. */
export function pointImportsAtApi(source: string, origin: string): string {
  return source.replace(
    /(\bfrom\s*|\bimport\s*\(?\s*)(['"])(@ffavatar\/core|zod)\2/g,
    (_m, lead: string, q: string, name: string) => `${lead}${q}${origin}${API[name]}${q}`,
  );
}

/** Imports a package's source; its specifier is the object URL, which workers import too. */
export async function importUserPackage(
  file: string,
  source: string,
): Promise<{ source: PackageSource; pkg: UserPackage }> {
  const url = URL.createObjectURL(
    new Blob([pointImportsAtApi(source, location.origin)], { type: 'text/javascript' }),
  );
  let mod: { default?: Partial<NodePackage> };
  try {
    mod = (await import(/* @vite-ignore */ url)) as { default?: Partial<NodePackage> };
  } catch (err) {
    URL.revokeObjectURL(url);
    throw new Error(`${file}: cannot load it as a node package: ${(err as Error).message}`);
  }
  const pkg = mod.default;
  if (!pkg || typeof pkg.name !== 'string' || !Array.isArray(pkg.nodes)) {
    URL.revokeObjectURL(url);
    throw new Error(
      `${file}: not a node package (its default export must be defineNodePackage({ name, nodes }))`,
    );
  }
  return { source: { pkg: pkg as NodePackage, specifier: url }, pkg: { name: pkg.name, file, source } };
}

const DB = 'ffavatar-editor-plugins';
const STORE = 'packages';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'name' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
  });
}

async function tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const req = fn(db.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
    });
  } finally {
    db.close();
  }
}

export const storedPackages = (): Promise<UserPackage[]> =>
  tx('readonly', (s) => s.getAll() as IDBRequest<UserPackage[]>);
export const storePackage = (p: UserPackage): Promise<unknown> => tx('readwrite', (s) => s.put(p));
export const forgetPackage = (name: string): Promise<unknown> => tx('readwrite', (s) => s.delete(name));
