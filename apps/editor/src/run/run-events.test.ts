import { describe, expect, it } from 'vitest';
import { stateFromEvent, stateFromReport } from './apply-event.js';
import { runStatus } from './run-status.js';

describe('run events on the canvas', () => {
  it('maps node events to the state the node shows', () => {
    expect(stateFromEvent({ type: 'node-started', node: 'a' } as never)).toEqual({
      node: 'a',
      state: { kind: 'running', fraction: 0, message: undefined },
    });
    expect(
      stateFromEvent({ type: 'node-progress', node: 'a', fraction: 0.5, message: 'half' } as never)?.state,
    ).toEqual({ kind: 'running', fraction: 0.5, message: 'half' });
    expect(
      stateFromEvent({ type: 'node-error', node: 'a', port: 'image', message: 'bad' } as never)?.state,
    ).toEqual({ kind: 'error', message: 'image: bad' });
    expect(
      stateFromEvent({ type: 'node-skipped', node: 'a', reason: 'an input failed' } as never)?.state,
    ).toEqual({ kind: 'skipped', reason: 'an input failed' });
    expect(stateFromEvent({ type: 'done' } as never)).toBeUndefined();
  });

  it('collects the values a node reports with its progress into a series, and keeps it when the node is done', () => {
    let state = stateFromEvent({ type: 'node-started', node: 'p' } as never)!.state;
    for (const loss of [0.08, 0.05, 0.03])
      state = stateFromEvent(
        { type: 'node-progress', node: 'p', fraction: 0.5, message: 'step', values: { loss } } as never,
        state,
      )!.state;
    expect(state).toMatchObject({ kind: 'running', series: { loss: [0.08, 0.05, 0.03] } });
    // A progress report without values keeps the series as it is.
    state = stateFromEvent(
      { type: 'node-progress', node: 'p', fraction: 0.9, message: 'x' } as never,
      state,
    )!.state;
    expect(state).toMatchObject({ series: { loss: [0.08, 0.05, 0.03] } });
    const done = stateFromEvent(
      { type: 'node-finished', node: 'p', report: { status: 'ran', ms: 40 } } as never,
      state,
    )!.state;
    expect(done).toEqual({ kind: 'done', ms: 40, series: { loss: [0.08, 0.05, 0.03] } });
  });

  it('settles a node from its report', () => {
    expect(stateFromReport({ status: 'ran', ms: 12 } as never)).toEqual({ kind: 'done', ms: 12 });
    expect(stateFromReport({ status: 'cached' } as never)).toEqual({ kind: 'cached' });
    expect(stateFromReport({ status: 'failed', error: { message: 'no face' } } as never)).toEqual({
      kind: 'error',
      message: 'no face',
    });
    expect(stateFromReport({ status: 'failed' } as never)).toEqual({ kind: 'error', message: 'failed' });
    expect(stateFromReport({ status: 'cancelled' } as never)).toEqual({ kind: 'cancelled' });
  });

  it('says how a run ended in the status bar', () => {
    expect(runStatus({ cancelled: true, ok: false, ms: 10, errors: [] })).toEqual({
      text: 'Cancelled',
      tone: 'warn',
    });
    expect(runStatus({ cancelled: false, ok: true, ms: 1234, errors: [] })).toEqual({
      text: 'Run finished in 1.23 s',
      tone: 'info',
    });
    const failed = runStatus({
      cancelled: false,
      ok: false,
      ms: 500,
      errors: [
        { node: 'save', message: 'x' },
        { node: 'fit', message: 'y' },
      ] as never,
    });
    expect(failed).toEqual({
      text: 'Run finished in 0.50 s; 2 node(s) failed (save, fit): see their messages on the canvas',
      tone: 'error',
    });
  });
});
