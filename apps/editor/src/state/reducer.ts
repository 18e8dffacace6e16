import type { EditorAction } from './actions.js';
import { NO_RESULTS, type EditorState } from './editor-state.js';

export function editorReducer(s: EditorState, a: EditorAction): EditorState {
  switch (a.type) {
    case 'status':
      return { ...s, status: a.status };
    case 'problems':
      return { ...s, problems: a.problems };
    case 'open-started':
      return { ...s, graph: { ...s.graph, loading: true }, pendingReplace: undefined };
    case 'opened':
      return {
        ...s,
        graph: {
          name: a.name,
          meta: a.meta,
          loading: false,
          savedText: a.savedText,
          generation: s.graph.generation + 1,
        },
        problems: a.problems,
        status: a.status,
        // Results and dropped photos belong to the graph that was replaced; the viewer key keeps
        // counting so a later run never reuses an old viewer.
        results: { ...NO_RESULTS, viewerKey: s.results.viewerKey },
        dropped: undefined,
      };
    case 'open-failed':
      return { ...s, graph: { ...s.graph, loading: false } };
    case 'saved':
      return { ...s, graph: { ...s.graph, savedText: a.text }, problems: a.problems, status: a.status };
    case 'autosaved':
      return { ...s, autosavedAt: a.at };
    case 'recent':
      return { ...s, recent: a.recent };
    case 'ask-replace':
      return { ...s, pendingReplace: a.pending };
    case 'replace-answered':
      return { ...s, pendingReplace: undefined };
    case 'run-started':
      return { ...s, running: true, status: { text: 'Running…', tone: 'info' } };
    case 'run-ended':
      return { ...s, running: false, status: a.status };
    case 'run-results':
      return {
        ...s,
        results: {
          last: a.last,
          clouds: a.clouds,
          avatar: a.avatar,
          viewerKey: s.results.viewerKey + 1,
          preview: a.preview,
        },
      };
    case 'preview':
      return { ...s, results: { ...s.results, preview: a.preview } };
    case 'viewing':
      return {
        ...s,
        status: a.status,
        results: {
          ...s.results,
          clouds: [...a.clouds, ...s.results.clouds],
          avatar: undefined,
          viewerKey: s.results.viewerKey + 1,
        },
      };
    case 'viewer-closed':
      return { ...s, results: { ...s.results, clouds: [], avatar: undefined } };
    case 'dropped':
      return { ...s, dropped: a.dropped };
    case 'quick-add':
      return { ...s, quickAdd: a.at };
    case 'copied':
      return { ...s, clipboard: { text: a.text, pastes: 0 } };
    case 'pasted':
      return s.clipboard ? { ...s, clipboard: { ...s.clipboard, pastes: s.clipboard.pastes + 1 } } : s;
    case 'packages':
      return { ...s, packages: { loaded: a.loaded, rows: a.rows }, palette: a.palette };
    case 'assets':
      return { ...s, assets: a.names };
  }
}
