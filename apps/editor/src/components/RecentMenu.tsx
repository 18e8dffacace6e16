import { recentLabel, type RecentGraph } from '../files/recent-graphs.js';

/** The graphs replaced on the canvas, newest first: picking one restores it. */
export function RecentMenu(props: { recent: RecentGraph[]; onRestore(id: string): void }) {
  return (
    <select
      className="ff-recent"
      data-testid="recent"
      value=""
      disabled={props.recent.length === 0}
      title={
        props.recent.length
          ? 'Restore a graph that was on the canvas before'
          : 'Graphs you replace on the canvas are kept here'
      }
      onChange={(e) => e.target.value && props.onRestore(e.target.value)}
    >
      <option value="">Recent…</option>
      {props.recent.map((r) => (
        <option key={r.id} value={r.id}>
          {recentLabel(r)}
        </option>
      ))}
    </select>
  );
}
