import type { NodeRunState, Series } from '../run/run-state.js';

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
          {state.series && <SeriesPlot series={state.series} />}
        </div>
      );
    case 'done':
      return (
        <div className="ff-run ff-run-done" data-run="done">
          done in {formatMs(state.ms)}
          {state.series && <SeriesPlot series={state.series} />}
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

const PLOT_W = 160,
  PLOT_H = 36;

/**
 * A live line plot of each reported value (a personalisation's loss), on a log scale when it spans
 * more than a factor of 4 (losses fall by orders of magnitude), with its first and last values.
 */
function SeriesPlot({ series }: { series: Series }) {
  return (
    <>
      {Object.entries(series).map(([name, values]) => {
        if (values.length === 0) return null;
        const positive = values.every((v) => v > 0);
        const lo = Math.min(...values),
          hi = Math.max(...values);
        const log = positive && hi / lo > 4;
        const f = (v: number) => (log ? Math.log(v) : v);
        const a = f(lo),
          b = f(hi);
        const points = values
          .map((v, i) => {
            const x = values.length > 1 ? (i / (values.length - 1)) * PLOT_W : PLOT_W / 2;
            const y = b > a ? PLOT_H - 2 - ((f(v) - a) / (b - a)) * (PLOT_H - 4) : PLOT_H / 2;
            return `${x.toFixed(1)},${y.toFixed(1)}`;
          })
          .join(' ');
        return (
          <div className="ff-series" key={name} data-series={name} data-points={values.length}>
            <svg width={PLOT_W} height={PLOT_H} viewBox={`0 0 ${PLOT_W} ${PLOT_H}`}>
              <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
            </svg>
            <span>
              {name} {values[0]!.toPrecision(3)} → {values.at(-1)!.toPrecision(3)}
              {log ? ' (log)' : ''}
            </span>
          </div>
        );
      })}
    </>
  );
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
