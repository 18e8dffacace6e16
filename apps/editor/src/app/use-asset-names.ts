import { useEffect } from 'react';
import type { EditorStore } from '../state/app-context.js';

/** Loads the shared assets' `asset:` names, suggestions for file params. */
export function useAssetNames(store: EditorStore): void {
  useEffect(() => {
    // Without the listing (another server) the fields still work.
    void fetch('/assets/index.json')
      .then((r) => (r.ok ? r.json() : []))
      .then(
        (names: string[]) => store.dispatch({ type: 'assets', names }),
        () => undefined,
      );
  }, [store]);
}
