import { useCallback, useEffect, useRef, useState } from 'react';
import type { Avatar, GaussianCloud, GraphProblem, HeadModel } from '@ffavatar/core';
import { createEditor, type EditorHandle } from '../editor/create-editor.js';
import { FfNode } from '../editor/ff-node.js';
import { readAutosave, writeAutosave } from '../files/autosave.js';
import { downloadText } from '../files/download.js';
import { EMPTY_META, edgeVerdict, freshId, loadDocument, metaOf, serialise, type GraphMeta } from '../files/graph-mapping.js';
import { openGraphText } from '../files/open-graph.js';
import { description, descriptions } from '../registry.js';
import { stateFromEvent } from '../run/apply-event.js';
import { runInBrowser } from '../run/run-in-browser.js';
import { thumbnailOf } from '../run/thumbnail.js';
import { CloudViewer, type AvatarSource } from './CloudViewer.js';
import { DRAG_MIME, Palette } from './Palette.js';
import { ProblemsPanel } from './ProblemsPanel.js';
import { Toolbar } from './Toolbar.js';
import { installTestApi } from './test-api.js';

const AUTOSAVE_DELAY_MS = 250;

export function App() {
  const canvas = useRef<HTMLDivElement>(null);
  const handle = useRef<EditorHandle | undefined>(undefined);
  const meta = useRef<GraphMeta>(EMPTY_META);
  // Loading draws many nodes; autosave waits until the graph is whole.
  const loading = useRef(true);
  const autosaveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const abort = useRef<AbortController | undefined>(undefined);
  const [fileName, setFileName] = useState<string | undefined>(undefined);
  const fileNameRef = useRef<string | undefined>(undefined);
  const [problems, setProblems] = useState<GraphProblem[]>([]);
  const [status, setStatus] = useState<{ text: string; tone: 'info' | 'warn' | 'error' }>({ text: 'Ready', tone: 'info' });
  const [running, setRunning] = useState(false);
  const [clouds, setClouds] = useState<{ node: string; cloud: GaussianCloud }[]>([]);
  const [avatar, setAvatar] = useState<AvatarSource | undefined>(undefined);
  // Each run's results open a fresh viewer: front view, neutral sliders.
  const [runCount, setRunCount] = useState(0);
  const [autosaved, setAutosaved] = useState<number | undefined>(undefined);

  const autosaveNow = useCallback(async () => {
    if (!handle.current || loading.current) return;
    const { text } = serialise(handle.current, meta.current);
    await writeAutosave({ text, name: fileNameRef.current, savedAt: Date.now() });
    setAutosaved(Date.now());
  }, []);

  const scheduleAutosave = useCallback(() => {
    if (loading.current) return;
    clearTimeout(autosaveTimer.current);
    autosaveTimer.current = setTimeout(() => { void autosaveNow(); }, AUTOSAVE_DELAY_MS);
  }, [autosaveNow]);

  const openText = useCallback(async (text: string, name: string | undefined) => {
    const h = handle.current;
    if (!h) return;
    const opened = openGraphText(text);
    loading.current = true;
    try {
      meta.current = opened.doc ? metaOf(opened.doc) : EMPTY_META;
      if (opened.doc) await loadDocument(h, opened.doc);
      else await h.clear();
      h.clearHistory();
      await h.zoomToFit();
    } finally {
      loading.current = false;
    }
    fileNameRef.current = name;
    setFileName(name);
    setProblems(opened.problems);
    setStatus(opened.problems.length
      ? { text: `${name ?? 'graph'} opened with ${opened.problems.length} problem(s)`, tone: 'error' }
      : { text: `Opened ${name ?? 'graph'}: ${h.nodes().length} nodes`, tone: 'info' });
    scheduleAutosave();
  }, [scheduleAutosave]);

  const openShipped = useCallback(async (name: string) => {
    const res = await fetch(`/graphs/${name}`);
    if (!res.ok) { setStatus({ text: `cannot load /graphs/${name}: HTTP ${res.status}`, tone: 'error' }); return; }
    await openText(await res.text(), name);
  }, [openText]);

  const place = useCallback(async (type: string, at?: { x: number; y: number }) => {
    const h = handle.current;
    const desc = description(type);
    if (!h || !desc) return undefined;
    const node = new FfNode(freshId(h, type), desc, {}, {}, undefined);
    await h.addNode(node, at ?? h.viewCentre());
    setStatus({ text: `Placed ${desc.title} as "${node.fileId}"`, tone: 'info' });
    return node;
  }, []);

  const save = useCallback(() => {
    const h = handle.current;
    if (!h) return;
    const { text, problems: found } = serialise(h, meta.current);
    setProblems(found);
    downloadText(fileName ?? 'graph.json', text);
    setStatus(found.length ? { text: `Saved with ${found.length} problem(s): the CLI will refuse it until they are fixed`, tone: 'warn' } : { text: 'Saved; the graph validates', tone: 'info' });
  }, [fileName]);

  const run = useCallback(async () => {
    const h = handle.current;
    if (!h || running) return;
    const nodes = new Map(h.nodes().map((n) => [n.fileId, n]));
    const { text } = serialise(h, meta.current);
    for (const n of nodes.values()) { n.run = { kind: 'queued' }; h.refresh(n); }
    const controller = new AbortController();
    abort.current = controller;
    setRunning(true);
    setStatus({ text: 'Running…', tone: 'info' });
    try {
      const out = await runInBrowser(JSON.parse(text), {
        signal: controller.signal,
        baseDir: '/graphs/',
        onEvent: (e) => {
          const s = stateFromEvent(e);
          const n = s && nodes.get(s.node);
          if (n && s) { n.run = s.state; h.refresh(n); }
        },
      });
      if (!out.result) {
        setProblems(out.problems);
        for (const n of nodes.values()) { n.run = { kind: 'idle' }; h.refresh(n); }
        setStatus({ text: 'The graph has problems; fix them to run', tone: 'error' });
        return;
      }
      for (const [id, value] of out.images) {
        const n = nodes.get(id);
        if (n) { n.thumbnail = thumbnailOf(value); h.refresh(n); }
      }
      setClouds([...out.clouds].map(([node, cloud]) => ({ node, cloud: cloud as GaussianCloud })));
      setRunCount((c) => c + 1);
      setAvatar(out.avatar && { node: out.avatar.node, avatar: out.avatar.avatar as Avatar, model: out.avatar.model as HeadModel });
      const r = out.result;
      setStatus(r.cancelled ? { text: 'Cancelled', tone: 'warn' }
        : r.ok ? { text: `Run finished in ${(r.ms / 1000).toFixed(2)} s`, tone: 'info' }
        : { text: `Run finished in ${(r.ms / 1000).toFixed(2)} s; ${r.errors.length} node(s) failed (${r.errors.map((e) => e.node).join(', ')}): see their messages on the canvas`, tone: 'error' });
    } catch (err) {
      setStatus({ text: `Run failed: ${(err as Error).message}`, tone: 'error' });
    } finally {
      setRunning(false);
      abort.current = undefined;
    }
  }, [running]);

  useEffect(() => {
    let disposed = false;
    void (async () => {
      const h = await createEditor(canvas.current!, {
        changed: scheduleAutosave,
        refused: (reason) => setStatus({ text: `Connection refused: ${reason}`, tone: 'warn' }),
        coreVerdict: (c) => (handle.current ? edgeVerdict(handle.current, meta.current, c) : null),
      });
      if (disposed) { h.destroy(); return; }
      handle.current = h;
      installTestApi({ handle: h, meta, place, openText, autosaveNow });
      const restored = await readAutosave().catch(() => undefined);
      if (restored) {
        await openText(restored.text, restored.name);
        setStatus({ text: `Restored your last session (${restored.name ?? 'unsaved graph'}) from autosave`, tone: 'info' });
      } else {
        await openShipped('portrait-preview.json');
      }
      document.body.dataset.ready = 'true';
    })();
    return () => { disposed = true; handle.current?.destroy(); handle.current = undefined; };
  }, [openShipped, openText, place, scheduleAutosave, autosaveNow]);

  return (
    <div className="ff-app">
      <Toolbar
        title={fileName ?? meta.current.title ?? 'Untitled graph'}
        running={running}
        onNew={() => { meta.current = EMPTY_META; void openText('{"format":"ffavatar-graph","version":1,"nodes":[]}', undefined); }}
        onOpenFile={(f) => { void f.text().then((t) => openText(t, f.name)); }}
        onOpenShipped={(n) => { void openShipped(n); }}
        onSave={save}
        onUndo={() => { void handle.current?.undo(); }}
        onRedo={() => { void handle.current?.redo(); }}
        onArrange={() => { void handle.current?.arrange(); }}
        onFit={() => { void handle.current?.zoomToFit(); }}
        onRun={() => { void run(); }}
        onCancel={() => abort.current?.abort()}
      />
      <div className="ff-main">
        <Palette nodes={descriptions} onPlace={(t) => { void place(t); }} />
        <div className="ff-canvas-wrap"
          onDragOver={(e) => { if (e.dataTransfer.types.includes(DRAG_MIME)) e.preventDefault(); }}
          onDrop={(e) => {
            const type = e.dataTransfer.getData(DRAG_MIME);
            if (!type || !handle.current) return;
            e.preventDefault();
            void place(type, handle.current.toCanvas(e.clientX, e.clientY));
          }}>
          <div className="ff-canvas" ref={canvas} data-testid="canvas" />
          {(clouds.length > 0 || avatar) && <CloudViewer key={runCount} clouds={clouds} avatar={avatar} onClose={() => { setClouds([]); setAvatar(undefined); }} />}
          <ProblemsPanel problems={problems} file={fileName} onClose={() => setProblems([])} />
        </div>
      </div>
      <footer className={`ff-status ff-status-${status.tone}`} data-testid="status">
        <span>{status.text}</span>
        <span className="ff-autosave" data-testid="autosave">{autosaved ? `autosaved ${new Date(autosaved).toLocaleTimeString()}` : ''}</span>
      </footer>
    </div>
  );
}
