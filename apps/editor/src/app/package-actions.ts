// The user's node packages: loaded from IndexedDB at start, added from a .js file, removed; the
// registry and the palette follow.
import { useMemo } from 'react';
import { descriptions, setUserPackages } from '../registry.js';
import {
  forgetPackage,
  importUserPackage,
  storedPackages,
  storePackage,
  type UserPackage,
} from '../plugins/user-packages.js';
import type { AppContext } from '../state/app-context.js';
import type { LoadedPackage } from '../state/editor-state.js';

type Failed = { name: string; file: string; error: string };

function packageActions({ store }: AppContext) {
  const loaded = () => store.getState().packages.loaded;

  /** Replaces the registry's user packages; on a clash nothing changes and the error says why. */
  const apply = (next: LoadedPackage[], failed: Failed[] = []) => {
    setUserPackages(next.map((p) => p.source)); // throws on a node-type clash, changing nothing
    for (const old of loaded()) if (!next.includes(old)) URL.revokeObjectURL(old.source.specifier!);
    store.dispatch({
      type: 'packages',
      loaded: next,
      palette: descriptions,
      rows: [
        ...next.map((p) => ({ name: p.pkg.name, file: p.pkg.file, count: p.source.pkg.nodes.length })),
        ...failed.map((f) => ({ name: f.name, file: f.file, count: 0, error: f.error })),
      ],
    });
  };

  /** Loads stored packages one by one: one that fails (or clashes) is listed with its error, not the others. */
  const loadStored = async () => {
    const stored = await storedPackages().catch(() => [] as UserPackage[]);
    const ok: LoadedPackage[] = [];
    const failed: Failed[] = [];
    for (const p of stored) {
      try {
        const one = await importUserPackage(p.file, p.source);
        setUserPackages([...ok, one].map((x) => x.source));
        ok.push(one);
      } catch (err) {
        failed.push({ name: p.name, file: p.file, error: (err as Error).message });
      }
    }
    apply(ok, failed);
    if (failed.length)
      store.dispatch({
        type: 'status',
        status: {
          text: `Node package(s) not loaded: ${failed.map((f) => f.error).join('; ')}`,
          tone: 'error',
        },
      });
  };

  const add = async (file: File) => {
    let one: LoadedPackage | undefined;
    try {
      one = await importUserPackage(file.name, await file.text());
      const name = one.pkg.name;
      apply([...loaded().filter((p) => p.pkg.name !== name), one]);
      await storePackage(one.pkg);
      store.dispatch({
        type: 'status',
        status: {
          text: `Added node package ${name} (${one.source.pkg.nodes.length} node types, from ${file.name}); it stays for your next visits`,
          tone: 'info',
        },
      });
    } catch (err) {
      if (one && !loaded().includes(one)) URL.revokeObjectURL(one.source.specifier!);
      store.dispatch({ type: 'status', status: { text: (err as Error).message, tone: 'error' } });
    }
  };

  const remove = async (name: string) => {
    apply(loaded().filter((p) => p.pkg.name !== name));
    await forgetPackage(name);
    store.dispatch({
      type: 'status',
      status: {
        text: `Removed node package ${name}; graphs that use its nodes will list them as unknown`,
        tone: 'info',
      },
    });
  };

  return { loadStored, add, remove };
}

export function useUserPackages(ctx: AppContext) {
  return useMemo(() => packageActions(ctx), [ctx]);
}
