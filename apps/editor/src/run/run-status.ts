import type { RunResult } from '@ffavatar/core';
import type { Status } from '../state/editor-state.js';

/** The status bar's line for a finished (or cancelled) run. */
export function runStatus(r: Pick<RunResult, 'cancelled' | 'ok' | 'ms' | 'errors'>): Status {
  const secs = (r.ms / 1000).toFixed(2);
  return r.cancelled
    ? { text: 'Cancelled', tone: 'warn' }
    : r.ok
      ? { text: `Run finished in ${secs} s`, tone: 'info' }
      : {
          text: `Run finished in ${secs} s; ${r.errors.length} node(s) failed (${r.errors.map((e) => e.node).join(', ')}): see their messages on the canvas`,
          tone: 'error',
        };
}
