import type { DroppedInput } from '../files/dropped-inputs.js';

/** The photos or video dropped on the canvas, feeding a graph input for this session's runs. */
export function InputsBar({ dropped, onClear }: { dropped: DroppedInput; onClear(): void }) {
  return (
    <div
      className="ff-inputs"
      data-testid="dropped-inputs"
      title="Dropped files are used by runs in this tab only; the saved graph keeps its default"
    >
      <span>
        input <b>{dropped.name}</b> ←{' '}
        {dropped.files.length === 1
          ? dropped.files[0]
          : `${dropped.files.length} photos (${dropped.files.join(', ')})`}
      </span>
      <button onClick={onClear} title="Use the graph's default again">
        ×
      </button>
    </div>
  );
}
