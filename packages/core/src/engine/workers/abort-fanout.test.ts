import { describe, expect, it } from 'vitest';
import { createAbortFanout } from './abort-fanout.js';

describe('abort fan-out', () => {
  it('tells every subscriber once, through one listener on the signal', () => {
    const fanout = createAbortFanout();
    const controller = new AbortController();
    let added = 0;
    const add = controller.signal.addEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<typeof add>) => {
      added++;
      add(...args);
    }) as typeof add;
    const heard: number[] = [];
    const offs = Array.from({ length: 200 }, (_, i) => fanout.on(controller.signal, () => heard.push(i)));
    offs[7]!(); // one job settled before the cancel
    controller.abort();
    controller.abort();
    expect(added).toBe(1);
    expect(heard).toHaveLength(199);
    expect(heard).not.toContain(7);
  });

  it('takes its listener off when the last subscriber leaves, and starts afresh after', () => {
    const fanout = createAbortFanout();
    const controller = new AbortController();
    let removed = 0;
    const remove = controller.signal.removeEventListener.bind(controller.signal);
    controller.signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      removed++;
      remove(...args);
    }) as typeof remove;
    const a = fanout.on(controller.signal, () => {});
    const b = fanout.on(controller.signal, () => {});
    a();
    expect(removed).toBe(0);
    b();
    b(); // twice is harmless
    expect(removed).toBe(1);
    let late = 0;
    fanout.on(controller.signal, () => late++);
    controller.abort();
    expect(late).toBe(1);
  });
});
