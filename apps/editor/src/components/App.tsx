import { useCallback, useEffect, useRef, useState } from 'react';
import type { Avatar, GaussianCloud, GraphDocument, GraphProblem, HeadModel, HeadParams } from '@ffavatar/core';
import { createEditor, type EditorHandle } from '../editor/create-editor.js';
import { FfNode } from '../editor/ff-node.js';
import { frameAround } from '../editor/frames.js';
import { copyFragment, parseFragment, pasteFragment } from '../files/clipboard.js';
import { droppedValue, dropFiles, isImageFile, photoInput, portTypeOf, releaseDropped, type DroppedInput } from '../files/dropped-inputs.js';
import { readAutosave, writeAutosave } from '../files/autosave.js';
import { downloadText } from '../files/download.js';
import { EMPTY_META, edgeVerdict, freshId, loadDocument, metaOf, serialise, type GraphMeta } from '../files/graph-mapping.js';
import { localParams } from '../files/local-files.js';
import { openGraphText } from '../files/open-graph.js';
import { ASSET_LIST_ID } from '../editor/ParamField.js';
import { description, descriptions, setUserPackages } from '../registry.js';
import { forgetPackage, importUserPackage, storedPackages, storePackage, type UserPackage } from '../plugins/user-packages.js';
import type { PackageSource } from '@ffavatar/core';
import { stateFromEvent, stateFromReport } from '../run/apply-event.js';
import { previewOf, type PreviewContent } from '../run/preview-content.js';
import { runInBrowser, type Peek } from '../run/run-in-browser.js';
import { thumbnailOf } from '../run/thumbnail.js';
import { readGaussianPly } from '@ffavatar/nodes-splat/browser';
import { CloudViewer, type AvatarSource } from '../viewer/CloudViewer.js';
import { DRAG_MIME, Palette } from './Palette.js';
import { InputsBar } from './InputsBar.js';
import { QuickAdd } from './QuickAdd.js';
import { PreviewPanel } from './PreviewPanel.js';
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
  const [preview, setPreview] = useState<PreviewContent | undefined>(undefined);
  // Quick add: where it opened (in the canvas wrapper's pixels) and where the node goes (canvas units).
  const [quickAdd, setQuickAdd] = useState<{ left: number; top: number; at: { x: number; y: number } } | undefined>(undefined);
  const pointer = useRef<{ x: number; y: number }>({ x: 0, y: 0 });
  // What the last run produced, for the preview panel: values by node, the graph it ran, its head model.
  const lastRun = useRef<{ peeks: Map<string, Peek[]>; doc: GraphDocument; model: HeadModel | undefined } | undefined>(undefined);
  const [dropped, setDropped] = useState<DroppedInput | undefined>(undefined);
  const [assets, setAssets] = useState<string[]>([]);
  // The user's node packages, loaded (a source each) and listed in the palette.
  const userPackages = useRef<{ source: PackageSource; pkg: UserPackage }[]>([]);
  const [packages, setPackages] = useState<{ name: string; file: string; count: number; error?: string }[]>([]);
  const [palette, setPalette] = useState(descriptions);
  const droppedRef = useRef<DroppedInput | undefined>(undefined);
  // Text of the last copy: the system clipboard may be out of reach (permissions, headless).
  const copied = useRef<{ text: string; pastes: number } | undefined>(undefined);

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
    releaseDropped(droppedRef.current);
    droppedRef.current = undefined;
    setDropped(undefined);
    // Results belong to the graph that produced them.
    setPreview(undefined);
    lastRun.current = undefined;
    setClouds([]);
    setAvatar(undefined);
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
    const local = localParams(JSON.parse(text) as GraphDocument);
    setStatus(found.length ? { text: `Saved with ${found.length} problem(s): the CLI will refuse it until they are fixed`, tone: 'warn' }
      : local.length ? { text: `Saved; ${local.join(', ')} name(s) a file picked in this tab (local:…): give a path before running it with the CLI`, tone: 'warn' }
      : { text: 'Saved; the graph validates', tone: 'info' });
  }, [fileName]);

  const openPreview = useCallback((node: string) => {
    const last = lastRun.current;
    const content = last && previewOf(node, last.doc, last.peeks, last.model);
    if (content) setPreview(content);
    else setStatus({ text: `"${node}" has no image to preview yet: run the graph first`, tone: 'warn' });
  }, []);

  const copySelection = useCallback((): string | undefined => {
    const h = handle.current;
    const selected = h?.selected() ?? [];
    if (!h || selected.length === 0) return undefined;
    const text = JSON.stringify(copyFragment(h, selected), null, 2);
    copied.current = { text, pastes: 0 };
    setStatus({ text: `Copied ${selected.length} node(s)`, tone: 'info' });
    return text;
  }, []);

  const paste = useCallback(async (text: string | undefined) => {
    const h = handle.current;
    if (!h) return;
    // The page's own copy stands in only when the clipboard gave nothing (no permission, headless):
    // other text on the clipboard means the user copied something else since.
    const fragment = text !== undefined ? parseFragment(text) : copied.current && parseFragment(copied.current.text);
    if (!fragment) return;
    // Each paste of the same copy lands one step further, so copies never stack exactly.
    const same = copied.current && (text === undefined || text === copied.current.text);
    const times = same ? ++copied.current!.pastes : 1;
    const { nodes, unknown } = await pasteFragment(h, fragment, times);
    setStatus(unknown.length
      ? { text: `Pasted ${nodes.length} node(s); left out unknown type(s) ${unknown.join(', ')}`, tone: 'warn' }
      : { text: `Pasted ${nodes.length} node(s): ${nodes.map((n) => n.fileId).join(', ')}`, tone: 'info' });
  }, []);

  const deleteSelection = useCallback(async () => {
    const h = handle.current;
    const selected = h?.selected() ?? [];
    if (!h || selected.length === 0) return;
    await h.removeNodes(selected);
    setStatus({ text: `Deleted ${selected.map((n) => n.fileId).join(', ')} (Undo brings them back)`, tone: 'info' });
  }, []);

  const frameSelection = useCallback(() => {
    const h = handle.current;
    if (!h) return;
    const nodes = h.selected();
    if (nodes.length === 0) { setStatus({ text: 'Select nodes to frame (click, Ctrl+click to add)', tone: 'warn' }); return; }
    h.frames.add(frameAround(nodes.map((n) => h.box(n)), nodes.length === 1 ? nodes[0]!.label : `${nodes.length} nodes`));
    setStatus({ text: `Framed ${nodes.length} node(s): drag the frame's header to move them together; double-click it to rename`, tone: 'info' });
  }, []);

  const dropPhotos = useCallback((files: File[]) => {
    const h = handle.current;
    const images = files.filter(isImageFile);
    if (!h || images.length === 0) {
      setStatus({ text: `Not an image: ${files.map((f) => f.name).join(', ')} (drop PNG or JPEG portraits)`, tone: 'error' });
      return;
    }
    const byId = new Map(h.nodes().map((n) => [n.fileId, n.desc.type]));
    const target = photoInput(meta.current, (node, port) => portTypeOf(byId.get(node), port));
    if (!target) {
      setStatus({ text: 'This graph has no Path input for photos (declare one in the file\'s "inputs", as graphs/ffavatar-classic.json does)', tone: 'error' });
      return;
    }
    releaseDropped(droppedRef.current);
    const d = dropFiles(target, images);
    droppedRef.current = d;
    setDropped(d);
    setStatus({ text: `${d.files.length} photo(s) feed input "${d.name}" on the next run${images.length > d.files.length ? ` (it takes one path: ${d.files[0]} is used)` : ''}`, tone: 'info' });
  }, []);

  /** PLY files open in the 3D viewer; images feed the graph's photo input. */
  const dropOnCanvas = useCallback(async (files: File[]) => {
    const plys = files.filter((f) => /\.ply$/i.test(f.name));
    const rest = files.filter((f) => !plys.includes(f));
    if (plys.length > 0) {
      try {
        const loaded = await Promise.all(plys.map(async (f) => ({ node: f.name, cloud: readGaussianPly(new Uint8Array(await f.arrayBuffer()), f.name) })));
        setClouds((c) => [...loaded, ...c]);
        setAvatar(undefined);
        setRunCount((n) => n + 1);
        setStatus({ text: `Viewing ${loaded.map((l) => `${l.node} (${l.cloud.count.toLocaleString()} Gaussians)`).join(', ')}`, tone: 'info' });
      } catch (err) {
        setStatus({ text: (err as Error).message, tone: 'error' });
      }
    }
    if (rest.length > 0) dropPhotos(rest);
  }, [dropPhotos]);

  /** Replaces the registry's user packages; on a clash nothing changes and the error says why. */
  const applyPackages = useCallback((next: { source: PackageSource; pkg: UserPackage }[], failed: { name: string; file: string; error: string }[] = []) => {
    setUserPackages(next.map((p) => p.source)); // throws on a node-type clash, changing nothing
    for (const old of userPackages.current) if (!next.includes(old)) URL.revokeObjectURL(old.source.specifier!);
    userPackages.current = next;
    setPackages([
      ...next.map((p) => ({ name: p.pkg.name, file: p.pkg.file, count: p.source.pkg.nodes.length })),
      ...failed.map((f) => ({ name: f.name, file: f.file, count: 0, error: f.error })),
    ]);
    setPalette(descriptions);
  }, []);

  /** Loads stored packages one by one: one that fails (or clashes) is listed with its error, not the others. */
  const loadStoredPackages = useCallback(async () => {
    const stored = await storedPackages().catch(() => [] as UserPackage[]);
    const loaded: { source: PackageSource; pkg: UserPackage }[] = [];
    const failed: { name: string; file: string; error: string }[] = [];
    for (const p of stored) {
      try {
        const one = await importUserPackage(p.file, p.source);
        setUserPackages([...loaded, one].map((x) => x.source));
        loaded.push(one);
      } catch (err) {
        failed.push({ name: p.name, file: p.file, error: (err as Error).message });
      }
    }
    applyPackages(loaded, failed);
    if (failed.length) setStatus({ text: `Node package(s) not loaded: ${failed.map((f) => f.error).join('; ')}`, tone: 'error' });
  }, [applyPackages]);

  const addPackage = useCallback(async (file: File) => {
    let loaded: { source: PackageSource; pkg: UserPackage } | undefined;
    try {
      loaded = await importUserPackage(file.name, await file.text());
      const others = userPackages.current.filter((p) => p.pkg.name !== loaded!.pkg.name);
      applyPackages([...others, loaded]);
      await storePackage(loaded.pkg);
      setStatus({ text: `Added node package ${loaded.pkg.name} (${loaded.source.pkg.nodes.length} node types, from ${file.name}); it stays for your next visits`, tone: 'info' });
    } catch (err) {
      if (loaded && !userPackages.current.includes(loaded)) URL.revokeObjectURL(loaded.source.specifier!);
      setStatus({ text: (err as Error).message, tone: 'error' });
    }
  }, [applyPackages]);

  const removePackage = useCallback(async (name: string) => {
    applyPackages(userPackages.current.filter((p) => p.pkg.name !== name));
    await forgetPackage(name);
    setStatus({ text: `Removed node package ${name}; graphs that use its nodes will list them as unknown`, tone: 'info' });
  }, [applyPackages]);

  const openQuickAdd = useCallback((clientX: number, clientY: number) => {
    const h = handle.current, wrap = canvas.current?.parentElement;
    if (!h || !wrap) return;
    const r = wrap.getBoundingClientRect();
    const inside = clientX >= r.left && clientX <= r.right && clientY >= r.top && clientY <= r.bottom;
    const x = inside ? clientX : r.left + r.width / 2, y = inside ? clientY : r.top + r.height / 3;
    setQuickAdd({ left: Math.min(x - r.left, r.width - 310), top: Math.min(y - r.top, r.height - 360), at: h.toCanvas(x, y) });
  }, []);

  const clearDropped = useCallback(() => {
    releaseDropped(droppedRef.current);
    droppedRef.current = undefined;
    setDropped(undefined);
  }, []);

  useEffect(() => {
    // Shortcuts act on the canvas, never while typing in a field.
    const typing = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    // One edit at a time: a held key repeats, and overlapping pastes would pick the same fresh ids.
    let editing = Promise.resolve();
    const serial = (fn: () => Promise<void>) => { editing = editing.then(fn, fn); };
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target) || e.repeat) return;
      const mod = e.ctrlKey || e.metaKey;
      if (e.key === 'Delete' || e.key === 'Backspace') { e.preventDefault(); serial(deleteSelection); }
      else if (mod && e.key.toLowerCase() === 'g') { e.preventDefault(); frameSelection(); }
      else if (e.shiftKey && !mod && e.key.toLowerCase() === 'a') { e.preventDefault(); openQuickAdd(pointer.current.x, pointer.current.y); }
      else if (mod && e.key.toLowerCase() === 'd') { e.preventDefault(); if (copySelection()) serial(() => paste(undefined)); }
    };
    // Selected text (status bar, problems) copies as text, not as nodes.
    const selectingText = () => { const sel = document.getSelection(); return sel !== null && !sel.isCollapsed; };
    const onCopy = (e: ClipboardEvent) => {
      if (typing(e.target) || selectingText()) return;
      const text = copySelection();
      if (text && e.clipboardData) { e.clipboardData.setData('text/plain', text); e.preventDefault(); }
    };
    const onCut = (e: ClipboardEvent) => { if (typing(e.target) || selectingText()) return; onCopy(e); serial(deleteSelection); };
    const onPaste = (e: ClipboardEvent) => {
      if (typing(e.target)) return;
      e.preventDefault();
      const text = e.clipboardData?.getData('text/plain') || undefined;
      serial(() => paste(text));
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCut);
    document.addEventListener('paste', onPaste);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCut);
      document.removeEventListener('paste', onPaste);
    };
  }, [copySelection, paste, deleteSelection, frameSelection, openQuickAdd]);

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
      const doc = JSON.parse(text) as GraphDocument;
      const d = droppedRef.current;
      const out = await runInBrowser(doc, {
        signal: controller.signal,
        baseDir: '/graphs/',
        inputs: d ? { [d.name]: droppedValue(d) } : undefined,
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
      // A cancelled run emits no event for nodes it never started or stopped mid-way: settle them
      // from the run's reports so nothing is left looking queued or running.
      for (const [id, n] of nodes) {
        if (n.run.kind !== 'queued' && n.run.kind !== 'running') continue;
        const report = out.result.nodes[id];
        n.run = report ? stateFromReport(report) : { kind: 'cancelled' };
        h.refresh(n);
      }
      const clouds: { node: string; cloud: GaussianCloud }[] = [];
      for (const [id, peeks] of out.peeks) {
        const n = nodes.get(id);
        const image = peeks.find((p) => p.type === 'Image');
        if (n && image) { n.thumbnail = thumbnailOf(image.value); h.refresh(n); }
        const cloud = peeks.find((p) => p.type === 'GaussianCloud');
        if (cloud) clouds.push({ node: id, cloud: cloud.value as GaussianCloud });
      }
      lastRun.current = { peeks: out.peeks, doc, model: out.model as HeadModel | undefined };
      setPreview((p) => p && previewOf(p.node, doc, out.peeks, lastRun.current?.model));
      setClouds(clouds);
      setRunCount((c) => c + 1);
      setAvatar(out.avatar && { node: out.avatar.node, avatar: out.avatar.avatar as Avatar, model: out.avatar.model as HeadModel, tracked: out.avatar.params as HeadParams | undefined });
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
    // Suggestions for file params; without the listing (another server) the fields still work.
    void fetch('/assets/index.json').then((r) => (r.ok ? r.json() : [])).then((names: string[]) => setAssets(names), () => undefined);
  }, []);

  useEffect(() => {
    let disposed = false;
    void (async () => {
      const h = await createEditor(canvas.current!, {
        changed: scheduleAutosave,
        refused: (reason) => setStatus({ text: `Connection refused: ${reason}`, tone: 'warn' }),
        coreVerdict: (c) => (handle.current ? edgeVerdict(handle.current, meta.current, c) : null),
        preview: (node) => openPreview(node),
      });
      if (disposed) { h.destroy(); return; }
      handle.current = h;
      installTestApi({ handle: h, meta, place, openText, autosaveNow, openPreview });
      // The user's packages first, so a restored graph that uses their nodes draws them.
      await loadStoredPackages();
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
  }, [openShipped, openText, place, scheduleAutosave, autosaveNow, openPreview, loadStoredPackages]);

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
        onFrame={frameSelection}
        onRun={() => { void run(); }}
        onCancel={() => abort.current?.abort()}
      />
      <div className="ff-main">
        <Palette nodes={palette} onPlace={(t) => { void place(t); }} packages={packages}
          onAddPackage={(f) => { void addPackage(f); }} onRemovePackage={(n) => { void removePackage(n); }} />
        <div className="ff-canvas-wrap"
          onPointerMove={(e) => { pointer.current = { x: e.clientX, y: e.clientY }; }}
          onDoubleClick={(e) => {
            // Only on the empty canvas: not on nodes, frames' headers, panels or the viewer.
            const t = e.target as HTMLElement;
            if (t.closest('.ff-node, .ff-frame-header, .ff-frame-note, .ff-viewer, .ff-preview, .ff-problems, .ff-inputs, .ff-quick-add, [data-testid=minimap]')) return;
            openQuickAdd(e.clientX, e.clientY);
          }}
          onDragOver={(e) => { if (e.dataTransfer.types.includes(DRAG_MIME) || e.dataTransfer.types.includes('Files')) e.preventDefault(); }}
          onDrop={(e) => {
            if (e.dataTransfer.files.length > 0) { e.preventDefault(); void dropOnCanvas([...e.dataTransfer.files]); return; }
            const type = e.dataTransfer.getData(DRAG_MIME);
            if (!type || !handle.current) return;
            e.preventDefault();
            void place(type, handle.current.toCanvas(e.clientX, e.clientY));
          }}>
          <div className="ff-canvas" ref={canvas} data-testid="canvas" />
          {(clouds.length > 0 || avatar) && <CloudViewer key={runCount} clouds={clouds} avatar={avatar} onClose={() => { setClouds([]); setAvatar(undefined); }} />}
          <ProblemsPanel problems={problems} file={fileName} onClose={() => setProblems([])} />
          {dropped && <InputsBar dropped={dropped} onClear={clearDropped} />}
          {preview && <PreviewPanel content={preview} onClose={() => setPreview(undefined)} />}
          {quickAdd && <QuickAdd nodes={palette} left={quickAdd.left} top={quickAdd.top} onClose={() => setQuickAdd(undefined)}
            onPick={(type) => { const at = quickAdd.at; setQuickAdd(undefined); void place(type, at); }} />}
        </div>
      </div>
      <datalist id={ASSET_LIST_ID}>{assets.map((a) => <option key={a} value={a} />)}</datalist>
      <footer className={`ff-status ff-status-${status.tone}`} data-testid="status">
        <span>{status.text}</span>
        <span className="ff-autosave" data-testid="autosave">{autosaved ? `autosaved ${new Date(autosaved).toLocaleTimeString()}` : ''}</span>
      </footer>
    </div>
  );
}
