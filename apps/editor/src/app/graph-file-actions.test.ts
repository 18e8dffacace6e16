// Opening over a graph never loses it: the replaced graph goes to Recent, an edited one is replaced
// only after the prompt's answer, and autosave records whether the graph had unsaved edits.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AutosaveRecord } from '../files/autosave.js';
import { EMPTY_META, graphText } from '../files/graph-mapping.js';
import { recentStore } from '../files/recent-graphs.js';
import { descriptions } from '../registry.js';
import type { AppContext } from '../state/app-context.js';
import { initialEditorState } from '../state/editor-state.js';
import { editorReducer } from '../state/reducer.js';
import { createStore } from '../state/store.js';
import { fakeEditorHandle } from '../testing/fake-editor-handle.js';
import { graphFileActions, type GraphFileIo } from './graph-file-actions.js';

const shipped = (name: string) =>
  readFileSync(new URL(`../../../../graphs/${name}`, import.meta.url), 'utf8');

function setup() {
  const items = new Map<string, string>();
  const recent = recentStore({
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => {
      items.set(k, v);
    },
  });
  const ctx: AppContext = {
    store: createStore(editorReducer, initialEditorState(descriptions, EMPTY_META)),
    canvas: { current: fakeEditorHandle() },
    recent,
  };
  const autosaves: AutosaveRecord[] = [];
  const downloads: { name: string; text: string }[] = [];
  const io: GraphFileIo = {
    writeAutosave: async (r) => {
      autosaves.push(r);
    },
    download: (name, text) => {
      downloads.push({ name, text });
    },
    fetchText: async (url) => {
      const name = url.replace('/graphs/', '');
      return { ok: true, status: 200, text: async () => shipped(name) };
    },
    now: () => 1_000,
  };
  const file = graphFileActions(ctx, io);
  const text = () => graphText(ctx.canvas.current!, ctx.store.getState().graph.meta);
  const ids = () => ctx.canvas.current!.nodes().map((n) => n.fileId);
  return { ctx, file, autosaves, downloads, text, ids, state: () => ctx.store.getState() };
}

/** Edits the graph on the canvas as a param widget would. */
const edit = (ctx: AppContext, id: string, name: string, value: unknown) =>
  ctx.canvas
    .current!.nodes()
    .find((n) => n.fileId === id)!
    .editParam(name, value);

afterEach(() => {
  vi.useRealTimers();
});

describe('graph file: never losing the graph on the canvas', () => {
  it('replaces an unedited graph without asking, keeping it in Recent', async () => {
    const t = setup();
    await t.file.openShipped('portrait-preview.json');
    expect(t.state().recent).toEqual([]);
    const first = t.text();
    await t.file.openShipped('track-portrait.json');
    expect(t.state().pendingReplace).toBeUndefined();
    expect(t.state().graph.name).toBe('track-portrait.json');
    expect(t.state().recent.map((r) => [r.name, r.edited, r.text === first])).toEqual([
      ['portrait-preview.json', false, true],
    ]);
    t.file.dispose();
  });

  it('asks before replacing an edited graph; Keep editing leaves it as it was', async () => {
    const t = setup();
    await t.file.openShipped('portrait-preview.json');
    edit(t.ctx, 'save', 'quality', 55);
    const edited = t.text();
    await t.file.openShipped('track-portrait.json');
    expect(t.state().pendingReplace).toMatchObject({
      name: 'track-portrait.json',
      label: 'track-portrait.json',
    });
    expect(t.text()).toBe(edited);
    await t.file.answer('cancel');
    expect(t.state().pendingReplace).toBeUndefined();
    expect(t.text()).toBe(edited);
    expect(t.state().graph.name).toBe('portrait-preview.json');
    expect(t.state().status.text).toMatch(/Kept portrait-preview\.json; track-portrait\.json was not opened/);
    expect(t.state().recent).toEqual([]);
    t.file.dispose();
  });

  it('on "open without saving" keeps the edited graph in Recent, marked edited, and restores it from there', async () => {
    const t = setup();
    await t.file.openShipped('portrait-preview.json');
    edit(t.ctx, 'save', 'quality', 55);
    const edited = t.text();
    await t.file.newGraph();
    await t.file.answer('replace');
    expect(t.ids()).toEqual([]);
    const [kept] = t.state().recent;
    expect(kept).toMatchObject({ name: 'portrait-preview.json', edited: true, text: edited, nodes: 2 });
    // An empty canvas is not worth a prompt, nor a Recent entry.
    await t.file.restoreRecent(kept!.id);
    expect(t.state().pendingReplace).toBeUndefined();
    expect(t.text()).toBe(edited);
    expect(t.state().graph.name).toBe('portrait-preview.json');
    expect(t.state().status.text).toMatch(/Restored portrait-preview\.json from Recent/);
    expect(t.state().recent).toHaveLength(1);
    // Restored unsaved work is still unsaved: replacing it asks again.
    await t.file.openShipped('track-portrait.json');
    expect(t.state().pendingReplace?.name).toBe('track-portrait.json');
    t.file.dispose();
  });

  it('"save, then open" downloads the edited graph first; a saved graph is replaced without asking', async () => {
    const t = setup();
    await t.file.openShipped('portrait-preview.json');
    edit(t.ctx, 'save', 'quality', 55);
    const edited = t.text();
    await t.file.openShipped('track-portrait.json');
    await t.file.answer('save-first');
    expect(t.downloads).toEqual([{ name: 'portrait-preview.json', text: edited }]);
    expect(t.state().graph.name).toBe('track-portrait.json');
    edit(t.ctx, 'fit', 'iterations', 12);
    t.file.save();
    await t.file.openShipped('portrait-preview.json');
    expect(t.state().pendingReplace).toBeUndefined();
    expect(t.state().graph.name).toBe('portrait-preview.json');
    t.file.dispose();
  });

  it('autosaves after a change, recording whether the graph had edits no file holds', async () => {
    vi.useFakeTimers();
    const t = setup();
    await t.file.openShipped('portrait-preview.json');
    await vi.advanceTimersByTimeAsync(300);
    expect(t.autosaves.map((r) => [r.name, r.edited])).toEqual([['portrait-preview.json', false]]);
    edit(t.ctx, 'save', 'quality', 55);
    t.file.scheduleAutosave();
    await vi.advanceTimersByTimeAsync(300);
    expect(t.autosaves.at(-1)).toMatchObject({ name: 'portrait-preview.json', edited: true, text: t.text() });
    t.file.dispose();
  });

  it('a restored autosave with edits counts as edited; one from before the flag does too', async () => {
    const t = setup();
    const text = shipped('portrait-preview.json');
    await t.file.replace({ text, name: 'portrait-preview.json', edited: true });
    expect(t.state().graph.savedText).toBeUndefined();
    await t.file.openShipped('track-portrait.json');
    expect(t.state().pendingReplace).toBeDefined();
    t.file.dispose();
  });

  it('opens an invalid file with its problems, drawing nothing, and keeps the graph it replaced', async () => {
    const t = setup();
    await t.file.openShipped('portrait-preview.json');
    await t.file.replace({ text: '{ "format": "ffavatar-graph", ', name: 'broken.json', edited: false });
    expect(t.ids()).toEqual([]);
    expect(t.state().problems.map((p) => p.code)).toContain('json_parse');
    expect(t.state().status).toMatchObject({
      text: expect.stringMatching(/^broken\.json opened with \d+ problem\(s\)$/),
      tone: 'error',
    });
    expect(t.state().recent.map((r) => r.name)).toEqual(['portrait-preview.json']);
    t.file.dispose();
  });
});
