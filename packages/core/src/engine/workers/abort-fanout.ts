/**
 * One `abort` listener per signal, fanned out to any number of callbacks. A run maps a node over
 * hundreds of items and every queued or running job must hear the run's cancel; a listener per job
 * on the one signal trips Node's "possible EventTarget memory leak" warning past 10, although each
 * is removed when its job settles.
 */
export interface AbortFanout {
  /** Calls `fn` once if `signal` aborts; the returned function unsubscribes it. */
  on(signal: AbortSignal, fn: () => void): () => void;
}

export function createAbortFanout(): AbortFanout {
  const subscribers = new Map<AbortSignal, { callbacks: Set<() => void>; listener: () => void }>();
  return {
    on(signal, fn) {
      let entry = subscribers.get(signal);
      if (!entry) {
        const callbacks = new Set<() => void>();
        const listener = () => {
          subscribers.delete(signal);
          for (const cb of [...callbacks]) cb();
        };
        entry = { callbacks, listener };
        subscribers.set(signal, entry);
        signal.addEventListener('abort', listener, { once: true });
      }
      const { callbacks } = entry;
      callbacks.add(fn);
      return () => {
        if (!callbacks.delete(fn) || callbacks.size > 0) return;
        const current = subscribers.get(signal);
        if (current?.callbacks !== callbacks) return;
        subscribers.delete(signal);
        signal.removeEventListener('abort', current.listener);
      };
    },
  };
}
