import type { GaussianCloud } from '@ffavatar/core';
import { describe, expect, it, vi } from 'vitest';
import { EMPTY_META } from '../files/graph-mapping.js';
import { initialEditorState, type EditorState } from './editor-state.js';
import { editorReducer } from './reducer.js';
import { createStore } from './store.js';

const cloud = { count: 1 } as GaussianCloud;
const start = (): EditorState => initialEditorState([], EMPTY_META);

describe('editor reducer', () => {
  it('starts loading, with nothing open', () => {
    const s = start();
    expect(s.graph).toMatchObject({ loading: true, name: undefined, generation: 0 });
    expect(s.status).toEqual({ text: 'Ready', tone: 'info' });
  });

  it('an open replaces the file, clears what belonged to the old graph, and counts the open', () => {
    let s = start();
    s = editorReducer(s, {
      type: 'dropped',
      dropped: { name: 'images', urls: ['blob:x'], files: ['a.png'], list: true },
    });
    s = editorReducer(s, {
      type: 'run-results',
      last: { peeks: new Map(), doc: { nodes: [], edges: [] } as never, model: undefined },
      clouds: [{ node: 'n', cloud }],
      avatar: undefined,
      preview: undefined,
    });
    s = editorReducer(s, {
      type: 'ask-replace',
      pending: { text: '{}', name: 'b.json', edited: false, label: 'b.json' },
    });
    s = editorReducer(s, { type: 'open-started' });
    expect(s.graph.loading).toBe(true);
    expect(s.pendingReplace).toBeUndefined();
    const meta = { ...EMPTY_META, title: 'B' };
    s = editorReducer(s, {
      type: 'opened',
      name: 'b.json',
      meta,
      savedText: 'text',
      problems: [],
      status: { text: 'Opened b.json: 0 nodes', tone: 'info' },
    });
    expect(s.graph).toEqual({ name: 'b.json', meta, loading: false, savedText: 'text', generation: 1 });
    expect(s.dropped).toBeUndefined();
    expect(s.results).toEqual({
      last: undefined,
      clouds: [],
      avatar: undefined,
      preview: undefined,
      viewerKey: 1,
    });
  });

  it('a failed open stops loading and keeps the file it had', () => {
    const s = editorReducer(editorReducer(start(), { type: 'open-started' }), { type: 'open-failed' });
    expect(s.graph).toMatchObject({ loading: false, name: undefined, generation: 0 });
  });

  it('a save records the text the file now holds', () => {
    const s = editorReducer(start(), {
      type: 'saved',
      text: 'saved',
      problems: [],
      status: { text: 'Saved', tone: 'info' },
    });
    expect(s.graph.savedText).toBe('saved');
    expect(s.status.text).toBe('Saved');
  });

  it('each run and each dropped PLY opens a fresh viewer; dropped clouds come first', () => {
    let s = editorReducer(start(), { type: 'run-started' });
    expect(s).toMatchObject({ running: true, status: { text: 'Running…' } });
    s = editorReducer(s, {
      type: 'run-results',
      last: { peeks: new Map(), doc: {} as never, model: undefined },
      clouds: [{ node: 'run', cloud }],
      avatar: undefined,
      preview: undefined,
    });
    s = editorReducer(s, { type: 'run-ended', status: { text: 'done', tone: 'info' } });
    expect(s.running).toBe(false);
    s = editorReducer(s, {
      type: 'viewing',
      clouds: [{ node: 'a.ply', cloud }],
      status: { text: 'Viewing a.ply', tone: 'info' },
    });
    expect(s.results.clouds.map((c) => c.node)).toEqual(['a.ply', 'run']);
    expect(s.results.viewerKey).toBe(2);
    s = editorReducer(s, { type: 'viewer-closed' });
    expect(s.results.clouds).toEqual([]);
    expect(s.results.last).toBeDefined();
  });

  it('counts pastes of the last copy, and a new copy starts again', () => {
    let s = editorReducer(start(), { type: 'pasted' });
    expect(s.clipboard).toBeUndefined();
    s = editorReducer(s, { type: 'copied', text: 'a' });
    s = editorReducer(editorReducer(s, { type: 'pasted' }), { type: 'pasted' });
    expect(s.clipboard).toEqual({ text: 'a', pastes: 2 });
    expect(editorReducer(s, { type: 'copied', text: 'b' }).clipboard).toEqual({ text: 'b', pastes: 0 });
  });
});

describe('store', () => {
  it('notifies on a change, not on an action that changes nothing, and stops after unsubscribe', () => {
    const store = createStore(editorReducer, start());
    const listener = vi.fn();
    const off = store.subscribe(listener);
    store.dispatch({ type: 'pasted' });
    expect(listener).not.toHaveBeenCalled();
    store.dispatch({ type: 'assets', names: ['asset:a'] });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getState().assets).toEqual(['asset:a']);
    off();
    store.dispatch({ type: 'assets', names: [] });
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
