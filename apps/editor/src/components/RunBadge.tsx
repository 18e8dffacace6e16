import type { NodeRunState } from '../run/run-state.js';

/** The run state strip at the bottom of a node: queued, a progress bar, time, cached, or the error. */
export function RunBadge({ state }: { state: NodeRunState }) {
  switch (state.kind) {
    case 'idle':
      return null;
    case 'queued':
      return (
        <div className="ff-run ff-run-queued" data-run="queued">
          queued
        </div>
      );
    case 'running':
      return (
        <div className="ff-run ff-run-running" data-run="running">
          <div className="ff-progress">
            <div style={{ width: `${Math.round(state.fraction * 100)}%` }} />
          </div>
          <span>{state.message ?? `${Math.round(state.fraction * 100)}%`}</span>
        </div>
      );
    case 'done':
      return (
        <div className="ff-run ff-run-done" data-run="done">
          done in {formatMs(state.ms)}
        </div>
      );
    case 'cached':
      return (
        <div className="ff-run ff-run-cached" data-run="cached">
          cached
        </div>
      );
    case 'skipped':
      return (
        <div className="ff-run ff-run-skipped" data-run="skipped" title={state.reason}>
          skipped
        </div>
      );
    case 'cancelled':
      return (
        <div className="ff-run ff-run-skipped" data-run="cancelled">
          cancelled
        </div>
      );
    case 'error':
      return (
        <div className="ff-run ff-run-error" data-run="error">
          {state.message}
        </div>
      );
  }
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
