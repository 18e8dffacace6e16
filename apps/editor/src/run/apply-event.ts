import type { NodeReport, RunEvent } from '@ffavatar/core';
import type { NodeRunState, Series } from './run-state.js';

/**
 * The node state a run event leads to, or undefined when the event is not about one node. The
 * values a node reports with its progress add to the series of its previous state (a live plot),
 * and a finished run keeps them.
 */
export function stateFromEvent(
  e: RunEvent,
  previous?: NodeRunState,
): { node: string; state: NodeRunState } | undefined {
  const series = previous && 'series' in previous ? previous.series : undefined;
  switch (e.type) {
    case 'node-started':
      return { node: e.node, state: { kind: 'running', fraction: 0, message: undefined } };
    case 'node-progress': {
      const next = e.values ? appended(series, e.values) : series;
      return {
        node: e.node,
        state: {
          kind: 'running',
          fraction: e.fraction,
          message: e.message,
          ...(next ? { series: next } : {}),
        },
      };
    }
    case 'node-error':
      return {
        node: e.node,
        state: { kind: 'error', message: e.port ? `${e.port}: ${e.message}` : e.message },
      };
    case 'node-skipped':
      return { node: e.node, state: { kind: 'skipped', reason: e.reason } };
    case 'node-finished': {
      const state = stateFromReport(e.report);
      return { node: e.node, state: state.kind === 'done' && series ? { ...state, series } : state };
    }
    default:
      return undefined;
  }
}

function appended(series: Series | undefined, values: Readonly<Record<string, number>>): Series {
  const out: Record<string, readonly number[]> = { ...series };
  for (const [name, v] of Object.entries(values)) out[name] = [...(out[name] ?? []), v];
  return out;
}

export function stateFromReport(r: NodeReport): NodeRunState {
  switch (r.status) {
    case 'ran':
    case 'partial':
      return { kind: 'done', ms: r.ms };
    case 'cached':
      return { kind: 'cached' };
    case 'failed':
      return {
        kind: 'error',
        message: r.error
          ? r.error.port
            ? `${r.error.port}: ${r.error.message}`
            : r.error.message
          : 'failed',
      };
    case 'skipped':
      return { kind: 'skipped', reason: 'an input failed' };
    case 'cancelled':
      return { kind: 'cancelled' };
  }
}
