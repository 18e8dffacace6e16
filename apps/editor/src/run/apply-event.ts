import type { NodeReport, RunEvent } from '@ffavatar/core';
import type { NodeRunState } from './run-state.js';

/** The node state a run event leads to, or undefined when the event is not about one node. */
export function stateFromEvent(e: RunEvent): { node: string; state: NodeRunState } | undefined {
  switch (e.type) {
    case 'node-started':
      return { node: e.node, state: { kind: 'running', fraction: 0, message: undefined } };
    case 'node-progress':
      return { node: e.node, state: { kind: 'running', fraction: e.fraction, message: e.message } };
    case 'node-error':
      return {
        node: e.node,
        state: { kind: 'error', message: e.port ? `${e.port}: ${e.message}` : e.message },
      };
    case 'node-skipped':
      return { node: e.node, state: { kind: 'skipped', reason: e.reason } };
    case 'node-finished':
      return { node: e.node, state: stateFromReport(e.report) };
    default:
      return undefined;
  }
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
