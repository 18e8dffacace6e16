// The unsaved-changes prompt: a modal <dialog> in the page (window.confirm cannot be styled,
// offers no third choice, and blocks the page's scripts, tests included).
import { useEffect, useRef } from 'react';
import type { ReplaceAnswer } from '../app/graph-file-actions.js';

export function UnsavedDialog(props: {
  current: string;
  next: string;
  onAnswer(answer: ReplaceAnswer): void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="ff-dialog"
      data-testid="unsaved-dialog"
      aria-labelledby="ff-unsaved-title"
      // Escape is a cancel: the graph stays.
      onCancel={(e) => {
        e.preventDefault();
        props.onAnswer('cancel');
      }}
    >
      <h2 id="ff-unsaved-title">Unsaved changes</h2>
      <p>
        <b>{props.current}</b> has changes that no file holds. Opening <b>{props.next}</b> replaces it on the
        canvas.
      </p>
      <p className="ff-dialog-note">
        Either way it stays under <b>Recent</b>, where you can restore it.
      </p>
      <footer>
        <button onClick={() => props.onAnswer('cancel')} data-testid="unsaved-cancel" autoFocus>
          Keep editing
        </button>
        <button onClick={() => props.onAnswer('save-first')} data-testid="unsaved-save">
          Save, then open
        </button>
        <button
          className="ff-primary"
          onClick={() => props.onAnswer('replace')}
          data-testid="unsaved-replace"
        >
          Open without saving
        </button>
      </footer>
    </dialog>
  );
}
