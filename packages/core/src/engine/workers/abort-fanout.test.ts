import { describe, expect, it } from 'vitest';
import { createAbortFanout } from './abort-fanout.js';

/** Counts calls of one of the signal's listener methods. */
function counting(
  signal: AbortSignal,
  method: 'addEventListener' | 'removeEventListener',
): { calls: number } {
  const counter = { calls: 0 };
  const original = signal[method].bind(signal) as (...args: unknown[]) => void;
  (signal as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
    counter.calls++;
    original(...args);
  };
  return counter;
}

describe('abort fan-out', () => {
  it('tells every subscriber once, through one listener on the signal', () => {
    const fanout = createAbortFanout();
    const controller = new AbortController();
    const added = counting(controller.signal, 'addEventListener');
    const heard: number[] = [];
    const offs = Array.from({ length: 200 }, (_, i) => fanout.on(controller.signal, () => heard.push(i)));
    offs[7]!(); // one job settled before the cancel
    controller.abort();
    controller.abort();
    expect(added.calls).toBe(1);
    expect(heard).toHaveLength(199);
    expect(heard).not.toContain(7);
  });

  it('takes its listener off when the last subscriber leaves, and starts afresh after', () => {
    const fanout = createAbortFanout();
    const controller = new AbortController();
    const removed = counting(controller.signal, 'removeEventListener');
    const a = fanout.on(controller.signal, () => {});
    const b = fanout.on(controller.signal, () => {});
    a();
    expect(removed.calls).toBe(0);
    b();
    b(); // twice is harmless
    expect(removed.calls).toBe(1);
    let late = 0;
    fanout.on(controller.signal, () => late++);
    controller.abort();
    expect(late).toBe(1);
  });
});
