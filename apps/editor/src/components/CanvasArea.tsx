// The canvas and what floats over it: the 3D viewer, problems, dropped inputs, the preview panel
// and quick add. Palette drags and dropped files land here.
import type { MutableRefObject, RefObject } from 'react';
import type { CanvasActions } from '../app/canvas-actions.js';
import type { EditorState } from '../state/editor-state.js';
import type { EditorStore } from '../state/app-context.js';
import type { EditorHandle, Point } from '../editor/editor-handle.js';
import { CloudViewer } from '../viewer/CloudViewer.js';
import { InputsBar } from './InputsBar.js';
import { DRAG_MIME } from './Palette.js';
import { PreviewPanel } from './PreviewPanel.js';
import { ProblemsPanel } from './ProblemsPanel.js';
import { QuickAdd } from './QuickAdd.js';

/** Where a double-click means "on the canvas" and not on something drawn over it. */
const NOT_CANVAS =
  '.ff-node, .ff-frame-header, .ff-frame-note, .ff-viewer, .ff-preview, .ff-problems, .ff-inputs, .ff-quick-add, [data-testid=minimap]';

export function CanvasArea(props: {
  state: EditorState;
  store: EditorStore;
  canvas: { current: EditorHandle | undefined };
  element: RefObject<HTMLDivElement | null>;
  pointer: MutableRefObject<Point>;
  edits: CanvasActions;
  onDropFiles(files: File[]): void;
  onClearDropped(): void;
}) {
  const { state, store, edits } = props;
  const { results, quickAdd } = state;
  const dispatch = store.dispatch;
  return (
    <div
      className="ff-canvas-wrap"
      onPointerMove={(e) => {
        props.pointer.current = { x: e.clientX, y: e.clientY };
      }}
      onDoubleClick={(e) => {
        if ((e.target as HTMLElement).closest(NOT_CANVAS)) return;
        edits.openQuickAdd(e.clientX, e.clientY, e.currentTarget.getBoundingClientRect());
      }}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes(DRAG_MIME) || e.dataTransfer.types.includes('Files'))
          e.preventDefault();
      }}
      onDrop={(e) => {
        if (e.dataTransfer.files.length > 0) {
          e.preventDefault();
          props.onDropFiles([...e.dataTransfer.files]);
          return;
        }
        const type = e.dataTransfer.getData(DRAG_MIME);
        const h = props.canvas.current;
        if (!type || !h) return;
        e.preventDefault();
        void edits.place(type, h.toCanvas(e.clientX, e.clientY));
      }}
    >
      <div className="ff-canvas" ref={props.element} data-testid="canvas" />
      {(results.clouds.length > 0 || results.avatar) && (
        <CloudViewer
          key={results.viewerKey}
          clouds={results.clouds}
          avatar={results.avatar}
          onClose={() => dispatch({ type: 'viewer-closed' })}
        />
      )}
      <ProblemsPanel
        problems={state.problems}
        file={state.graph.name}
        onClose={() => dispatch({ type: 'problems', problems: [] })}
      />
      {state.dropped && <InputsBar dropped={state.dropped} onClear={props.onClearDropped} />}
      {results.preview && (
        <PreviewPanel
          content={results.preview}
          onClose={() => dispatch({ type: 'preview', preview: undefined })}
        />
      )}
      {quickAdd && (
        <QuickAdd
          nodes={state.palette}
          left={quickAdd.left}
          top={quickAdd.top}
          onClose={() => dispatch({ type: 'quick-add', at: undefined })}
          onPick={(type) => {
            dispatch({ type: 'quick-add', at: undefined });
            void edits.place(type, quickAdd.at);
          }}
        />
      )}
    </div>
  );
}
