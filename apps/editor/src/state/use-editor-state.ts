import { useSyncExternalStore } from 'react';
import type { EditorState } from './editor-state.js';
import type { EditorStore } from './app-context.js';

/** A slice of the editor state; the component re-renders when that slice changes (by identity). */
export function useEditorState<T>(store: EditorStore, select: (s: EditorState) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}
