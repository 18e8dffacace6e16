// Starts Rete in the canvas element, then the session: the user's packages, then the autosaved
// graph (or the first shipped one). `body[data-ready]` tells tests the first graph is drawn.
import { useEffect, type RefObject } from 'react';
import { createEditor } from '../editor/create-editor.js';
import { readAutosave } from '../files/autosave.js';
import { edgeVerdict, serialise } from '../files/graph-mapping.js';
import type { AppContext } from '../state/app-context.js';
import type { CanvasActions } from './canvas-actions.js';
import type { EditorCommands } from './editor-commands.js';
import type { GraphFileActions } from './graph-file-actions.js';

const FIRST_GRAPH = 'portrait-preview.json';

export function useEditorMount(
  ctx: AppContext,
  element: RefObject<HTMLDivElement | null>,
  deps: {
    file: GraphFileActions;
    edits: CanvasActions;
    loadPackages(): Promise<void>;
    preview(node: string): void;
    onReady: ((commands: EditorCommands) => void) | undefined;
  },
): void {
  const { file, edits, loadPackages, preview, onReady } = deps;
  useEffect(() => {
    const { store, canvas } = ctx;
    let disposed = false;
    void (async () => {
      const h = await createEditor(element.current!, {
        changed: file.scheduleAutosave,
        refused: (reason) =>
          store.dispatch({ type: 'status', status: { text: `Connection refused: ${reason}`, tone: 'warn' } }),
        coreVerdict: (wire) =>
          canvas.current ? edgeVerdict(canvas.current, store.getState().graph.meta, wire) : null,
        preview,
      });
      if (disposed) {
        h.destroy();
        return;
      }
      canvas.current = h;
      onReady?.({
        canvas: h,
        graph: () => serialise(h, store.getState().graph.meta),
        place: edits.place,
        open: (text, name) => file.replace({ text, name, edited: false }),
        autosaveNow: file.autosaveNow,
        preview,
      });
      // The user's packages first, so a restored graph that uses their nodes draws them.
      await loadPackages();
      const restored = await readAutosave().catch(() => undefined);
      if (restored) {
        await file.replace({ text: restored.text, name: restored.name, edited: restored.edited ?? true });
        store.dispatch({
          type: 'status',
          status: {
            text: `Restored your last session (${restored.name ?? 'unsaved graph'}) from autosave`,
            tone: 'info',
          },
        });
      } else {
        await file.openShipped(FIRST_GRAPH);
      }
      document.body.dataset.ready = 'true';
    })();
    return () => {
      disposed = true;
      file.dispose();
      canvas.current?.destroy();
      canvas.current = undefined;
    };
  }, [ctx, element, file, edits, loadPackages, preview, onReady]);
}
