// The graph file: open (a file, a shipped graph, a new graph, a Recent entry), save, autosave, and
// the rule that nothing is lost on the way: the graph a replace takes off the canvas goes to Recent
// first, and an edited one is replaced only after the user says so (the unsaved-changes prompt).
import { useMemo } from 'react';
import type { GraphDocument } from '@ffavatar/core';
import type { EditorHandle } from '../editor/editor-handle.js';
import { writeAutosave, type AutosaveRecord } from '../files/autosave.js';
import { downloadText } from '../files/download.js';
import { releaseDropped } from '../files/dropped-inputs.js';
import { EMPTY_META, graphText, loadDocument, metaOf, serialise } from '../files/graph-mapping.js';
import { localParams } from '../files/local-files.js';
import { openGraphText } from '../files/open-graph.js';
import { recentEntry } from '../files/recent-graphs.js';
import type { AppContext } from '../state/app-context.js';
import type { PendingReplace } from '../state/editor-state.js';

const AUTOSAVE_DELAY_MS = 250;
const EMPTY_GRAPH_TEXT = '{"format":"ffavatar-graph","version":1,"nodes":[]}';

/** A graph to put on the canvas: its text, file name, and whether it holds edits no file has. */
export type GraphSource = Omit<PendingReplace, 'label'>;

export type ReplaceAnswer = 'replace' | 'save-first' | 'cancel';

export interface GraphFileIo {
  writeAutosave(record: AutosaveRecord): Promise<unknown>;
  download(name: string, text: string): void;
  fetchText(url: string): Promise<{ ok: boolean; status: number; text(): Promise<string> }>;
  now(): number;
}

const browserIo: GraphFileIo = {
  writeAutosave,
  download: downloadText,
  fetchText: (url) => fetch(url),
  now: () => Date.now(),
};

export type GraphFileActions = ReturnType<typeof graphFileActions>;

export function graphFileActions(ctx: AppContext, io: GraphFileIo = browserIo) {
  const { store, canvas } = ctx;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const autosaveNow = async () => {
    const h = canvas.current,
      { graph } = store.getState();
    if (!h || graph.loading) return;
    const text = graphText(h, graph.meta);
    await io.writeAutosave({ text, name: graph.name, savedAt: io.now(), edited: text !== graph.savedText });
    store.dispatch({ type: 'autosaved', at: io.now() });
  };

  const scheduleAutosave = () => {
    if (store.getState().graph.loading) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      void autosaveNow();
    }, AUTOSAVE_DELAY_MS);
  };

  /** Whether replacing the canvas would lose work: changes since it was opened or saved. */
  const isEdited = (h: EditorHandle) => {
    const { graph } = store.getState();
    const text = graphText(h, graph.meta);
    return !isEmptyGraph(text) && text !== graph.savedText;
  };

  /** The graph on the canvas into Recent, unless there is nothing on it. */
  const keepInRecent = (h: EditorHandle) => {
    const { graph } = store.getState();
    const text = graphText(h, graph.meta);
    if (isEmptyGraph(text)) return;
    store.dispatch({
      type: 'recent',
      recent: ctx.recent.keep(recentEntry(text, graph.name, text !== graph.savedText, io.now())),
    });
  };

  /** Puts a graph on the canvas without asking (the previous one goes to Recent). */
  const replace = async (src: GraphSource) => {
    const h = canvas.current;
    if (!h) return;
    keepInRecent(h);
    const opened = openGraphText(src.text);
    const meta = opened.doc ? metaOf(opened.doc) : EMPTY_META;
    store.dispatch({ type: 'open-started' });
    try {
      if (opened.doc) await loadDocument(h, opened.doc);
      else await h.clear();
      h.clearHistory();
      await h.zoomToFit();
    } catch (err) {
      store.dispatch({ type: 'open-failed' });
      throw err;
    }
    releaseDropped(store.getState().dropped);
    const label = src.name ?? 'graph';
    store.dispatch({
      type: 'opened',
      name: src.name,
      meta,
      problems: opened.problems,
      // A graph that held unsaved edits still does: no file has them.
      savedText: src.edited ? undefined : graphText(h, meta),
      status: opened.problems.length
        ? { text: `${label} opened with ${opened.problems.length} problem(s)`, tone: 'error' }
        : src.fromRecent
          ? { text: `Restored ${label} from Recent: ${h.nodes().length} nodes`, tone: 'info' }
          : { text: `Opened ${label}: ${h.nodes().length} nodes`, tone: 'info' },
    });
    scheduleAutosave();
  };

  /** Replaces the canvas, first asking when that would replace unsaved edits. */
  const request = async (src: GraphSource) => {
    const h = canvas.current;
    if (!h) return;
    if (!isEdited(h)) {
      await replace(src);
      return;
    }
    store.dispatch({
      type: 'ask-replace',
      pending: { ...src, label: src.name ?? (src.fromRecent ? 'the graph from Recent' : 'a new graph') },
    });
  };

  const save = () => {
    const h = canvas.current,
      { graph } = store.getState();
    if (!h) return;
    const { text, problems } = serialise(h, graph.meta);
    io.download(graph.name ?? 'graph.json', text);
    const local = localParams(JSON.parse(text) as GraphDocument);
    store.dispatch({
      type: 'saved',
      text,
      problems,
      status: problems.length
        ? {
            text: `Saved with ${problems.length} problem(s): the CLI will refuse it until they are fixed`,
            tone: 'warn',
          }
        : local.length
          ? {
              text: `Saved; ${local.join(', ')} name(s) a file picked in this tab (local:…): give a path before running it with the CLI`,
              tone: 'warn',
            }
          : { text: 'Saved; the graph validates', tone: 'info' },
    });
  };

  const answer = async (choice: ReplaceAnswer) => {
    const pending = store.getState().pendingReplace;
    store.dispatch({ type: 'replace-answered' });
    if (!pending) return;
    if (choice === 'cancel') {
      store.dispatch({
        type: 'status',
        status: {
          text: `Kept ${store.getState().graph.name ?? 'your graph'}; ${pending.label} was not opened`,
          tone: 'info',
        },
      });
      return;
    }
    if (choice === 'save-first') save();
    const { label: _, ...src } = pending;
    await replace(src);
  };

  const openShipped = async (name: string) => {
    const res = await io.fetchText(`/graphs/${name}`);
    if (!res.ok) {
      store.dispatch({
        type: 'status',
        status: { text: `cannot load /graphs/${name}: HTTP ${res.status}`, tone: 'error' },
      });
      return;
    }
    await request({ text: await res.text(), name, edited: false });
  };

  const restoreRecent = async (id: string) => {
    const entry = ctx.recent.list().find((r) => r.id === id);
    if (!entry) {
      store.dispatch({ type: 'status', status: { text: 'That graph is no longer in Recent', tone: 'warn' } });
      return;
    }
    await request({ text: entry.text, name: entry.name, edited: entry.edited, fromRecent: true });
  };

  return {
    autosaveNow,
    scheduleAutosave,
    replace,
    request,
    answer,
    save,
    openShipped,
    restoreRecent,
    openFile: async (file: File) => request({ text: await file.text(), name: file.name, edited: false }),
    newGraph: () => request({ text: EMPTY_GRAPH_TEXT, name: undefined, edited: false }),
    dispose: () => clearTimeout(timer),
  };
}

/** A graph with no nodes and no frames: replacing it loses nothing. */
function isEmptyGraph(text: string): boolean {
  const doc = JSON.parse(text) as Partial<GraphDocument>;
  return (doc.nodes?.length ?? 0) === 0 && (doc.frames?.length ?? 0) === 0;
}

export function useGraphFile(ctx: AppContext): GraphFileActions {
  return useMemo(() => graphFileActions(ctx), [ctx]);
}
