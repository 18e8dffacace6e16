import type { RecentGraph } from '../files/recent-graphs.js';
import { RecentMenu } from './RecentMenu.js';

const SHIPPED_GRAPHS = [
  'portrait-preview.json',
  'track-portrait.json',
  'ffavatar-classic.json',
  'ffavatar-personalised.json',
  'reenact.json',
  'ffavatar-hybrid.json',
  'ffavatar-learned.json',
];

export interface ToolbarProps {
  title: string;
  /** Counts completed opens (tests wait on it). */
  generation: number;
  running: boolean;
  recent: RecentGraph[];
  onRestore(id: string): void;
  onOpenFile(file: File): void;
  onOpenShipped(name: string): void;
  onNew(): void;
  onSave(): void;
  onUndo(): void;
  onRedo(): void;
  onArrange(): void;
  onFit(): void;
  onFrame(): void;
  onRun(): void;
  onCancel(): void;
}

export function Toolbar(p: ToolbarProps) {
  return (
    // Rete clears the node selection on any window pointerup that follows no node pick (its
    // "twitch" counter starts at 0): toolbar clicks must not, or Frame would find nothing selected.
    <header className="ff-toolbar" onPointerUp={(e) => e.stopPropagation()}>
      <span className="ff-brand">
        FFAvatar <b>Studio</b>
      </span>
      <span className="ff-graph-title" data-testid="graph-title" data-generation={p.generation}>
        {p.title}
      </span>
      <div className="ff-group">
        <button onClick={p.onNew} data-testid="new">
          New
        </button>
        <label className="ff-button">
          Open…
          <input
            type="file"
            accept=".json,application/json"
            data-testid="open-file"
            hidden
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) p.onOpenFile(f);
              e.target.value = '';
            }}
          />
        </label>
        <select
          data-testid="shipped"
          value=""
          onChange={(e) => e.target.value && p.onOpenShipped(e.target.value)}
        >
          <option value="">Examples…</option>
          {SHIPPED_GRAPHS.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
        <button onClick={p.onSave} data-testid="save">
          Save
        </button>
        <RecentMenu recent={p.recent} onRestore={p.onRestore} />
      </div>
      <div className="ff-group">
        <button onClick={p.onUndo} title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button onClick={p.onRedo} title="Redo (Ctrl+Y)">
          Redo
        </button>
        <button onClick={p.onArrange} data-testid="arrange">
          Arrange
        </button>
        <button onClick={p.onFit}>Fit</button>
        <button onClick={p.onFrame} title="Frame the selected nodes (Ctrl+G)" data-testid="frame-selection">
          Frame
        </button>
      </div>
      <div className="ff-group ff-run-group">
        <button className="ff-primary" onClick={p.onRun} disabled={p.running} data-testid="run">
          ▶ Run
        </button>
        <button onClick={p.onCancel} disabled={!p.running} data-testid="cancel">
          ■ Cancel
        </button>
      </div>
    </header>
  );
}
