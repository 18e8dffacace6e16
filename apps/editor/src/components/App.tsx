// The editor page: the store and the hooks per concern (graph file, user packages, run, canvas
// edits, drops, shortcuts), composed; the components draw the state and call the hooks' actions.
import { useCallback, useRef, useState } from 'react';
import { useCanvasActions } from '../app/canvas-actions.js';
import { useDrops } from '../app/drop-actions.js';
import type { EditorCommands } from '../app/editor-commands.js';
import { useGraphFile } from '../app/graph-file-actions.js';
import { useUserPackages } from '../app/package-actions.js';
import { useRun } from '../app/run-actions.js';
import { useAssetNames } from '../app/use-asset-names.js';
import { useEditorMount } from '../app/use-editor-mount.js';
import { useShortcuts } from '../app/use-shortcuts.js';
import type { Point } from '../editor/editor-handle.js';
import { ASSET_LIST_ID } from '../editor/ParamField.js';
import { EMPTY_META } from '../files/graph-mapping.js';
import { recentStore } from '../files/recent-graphs.js';
import { descriptions } from '../registry.js';
import type { AppContext } from '../state/app-context.js';
import { initialEditorState } from '../state/editor-state.js';
import { editorReducer } from '../state/reducer.js';
import { createStore } from '../state/store.js';
import { useEditorState } from '../state/use-editor-state.js';
import { CanvasArea } from './CanvasArea.js';
import { Palette } from './Palette.js';
import { StatusBar } from './StatusBar.js';
import { Toolbar } from './Toolbar.js';
import { UnsavedDialog } from './UnsavedDialog.js';

function createContext(): AppContext {
  const recent = recentStore(localStorage);
  return {
    store: createStore(editorReducer, initialEditorState(descriptions, EMPTY_META, recent.list())),
    canvas: { current: undefined },
    recent,
  };
}

export function App({ onReady }: { onReady?: ((commands: EditorCommands) => void) | undefined }) {
  const [ctx] = useState(createContext);
  const element = useRef<HTMLDivElement>(null);
  const pointer = useRef<Point>({ x: 0, y: 0 });
  const file = useGraphFile(ctx);
  const packages = useUserPackages(ctx);
  const run = useRun(ctx);
  const edits = useCanvasActions(ctx);
  const drops = useDrops(ctx);
  const quickAddAtPointer = useCallback(() => {
    const wrap = element.current?.parentElement;
    if (wrap) edits.openQuickAdd(pointer.current.x, pointer.current.y, wrap.getBoundingClientRect());
  }, [edits]);
  useShortcuts(edits, quickAddAtPointer);
  useAssetNames(ctx.store);
  useEditorMount(ctx, element, {
    file,
    edits,
    loadPackages: packages.loadStored,
    preview: run.openPreview,
    onReady,
  });
  const state = useEditorState(ctx.store, (s) => s);
  const h = () => ctx.canvas.current;
  const title = state.graph.name ?? state.graph.meta.title ?? 'Untitled graph';

  return (
    <div className="ff-app">
      <Toolbar
        title={title}
        generation={state.graph.generation}
        running={state.running}
        recent={state.recent}
        onNew={() => {
          void file.newGraph();
        }}
        onOpenFile={(f) => {
          void file.openFile(f);
        }}
        onOpenShipped={(n) => {
          void file.openShipped(n);
        }}
        onRestore={(id) => {
          void file.restoreRecent(id);
        }}
        onSave={file.save}
        onUndo={() => {
          void h()?.undo();
        }}
        onRedo={() => {
          void h()?.redo();
        }}
        onArrange={() => {
          void h()?.arrange();
        }}
        onFit={() => {
          void h()?.zoomToFit();
        }}
        onFrame={edits.frameSelection}
        onRun={() => {
          void run.run();
        }}
        onCancel={run.cancel}
      />
      <div className="ff-main">
        <Palette
          nodes={state.palette}
          onPlace={(t) => {
            void edits.place(t);
          }}
          packages={state.packages.rows}
          onAddPackage={(f) => {
            void packages.add(f);
          }}
          onRemovePackage={(n) => {
            void packages.remove(n);
          }}
        />
        <CanvasArea
          state={state}
          store={ctx.store}
          canvas={ctx.canvas}
          element={element}
          pointer={pointer}
          edits={edits}
          onDropFiles={(files) => {
            void drops.dropOnCanvas(files);
          }}
          onClearDropped={drops.clearDropped}
        />
      </div>
      <datalist id={ASSET_LIST_ID}>
        {state.assets.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <StatusBar status={state.status} autosavedAt={state.autosavedAt} />
      {state.pendingReplace && (
        <UnsavedDialog
          current={title}
          next={state.pendingReplace.label}
          onAnswer={(a) => {
            void file.answer(a);
          }}
        />
      )}
    </div>
  );
}
