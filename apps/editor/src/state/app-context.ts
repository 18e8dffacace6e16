// What every editor hook shares: the store, and the canvas once Rete has started (undefined
// before and after, so every action checks it).
import type { EditorHandle } from '../editor/editor-handle.js';
import type { RecentStore } from '../files/recent-graphs.js';
import type { EditorAction } from './actions.js';
import type { EditorState } from './editor-state.js';
import type { Store } from './store.js';

export type EditorStore = Store<EditorState, EditorAction>;

export interface AppContext {
  store: EditorStore;
  canvas: { current: EditorHandle | undefined };
  recent: RecentStore;
}
