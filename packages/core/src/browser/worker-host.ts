import { createWorkerPool, type WorkerHandle, type WorkerPool } from '../engine/workers/worker-pool.js';
import { isWorkerExitMessage } from './worker-exit.js';

/**
 * Starts the browser worker entry (`worker-entry.ts`, bundled by the app) as a module Web Worker.
 * The Worker is the comlink endpoint itself. A Web Worker has no exit event, so the handle reports
 * an exit on whichever comes first: the entry's exit message (runtime `exit`, `self.close()`,
 * unhandled rejection), an `error` event (an uncaught error, or a script that failed to load), or a
 * `messageerror` (a reply that could not be deserialized is lost, so its job would wait forever).
 * An uncaught error does not stop a Web Worker, but a worker_thread dies of it; the handle
 * terminates the worker so the pool's replacement never runs beside a half-broken original.
 */
export function spawnBrowserWorker(url: URL | string): WorkerHandle {
  const worker = new Worker(url, { type: 'module' });
  let exited = false;
  const listeners: ((reason: string) => void)[] = [];
  const fire = (reason: string) => {
    if (exited) return;
    exited = true;
    worker.removeEventListener('message', onMessage);
    worker.removeEventListener('error', onError);
    worker.removeEventListener('messageerror', onMessageError);
    worker.terminate();
    for (const l of listeners) l(reason);
  };
  const onMessage = (event: MessageEvent) => {
    if (isWorkerExitMessage(event.data)) fire(event.data.reason);
  };
  const onError = (event: ErrorEvent | Event) => {
    // Handled here (the pool fails the job and replaces the worker), so keep it off the page's
    // global error handlers, as Node keeps a worker_thread's crash off the main thread.
    event.preventDefault();
    const message =
      'message' in event && event.message ? event.message : `failed to load or run its script ${String(url)}`;
    fire(`crashed: ${message}`);
  };
  const onMessageError = () =>
    fire('crashed: it sent a message that could not be deserialized (messageerror)');
  worker.addEventListener('message', onMessage);
  worker.addEventListener('error', onError);
  worker.addEventListener('messageerror', onMessageError);
  return {
    endpoint: worker,
    onExit: (l) => {
      listeners.push(l);
    },
    // Node reports 'exit' after terminate(); doing the same keeps listeners' view identical.
    terminate: () => fire('was terminated'),
  };
}

/**
 * A pool of module Web Workers, one per logical core by default (at least 2, so independent nodes
 * overlap). `url` is the bundled worker entry; `plugins` are URLs of node packages as ES modules,
 * which each worker imports: bare package names do not resolve inside a worker without an import map.
 */
export function createBrowserWorkerPool(opts: {
  url: URL | string;
  plugins: string[];
  size?: number;
}): WorkerPool {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 0 : 0;
  return createWorkerPool({
    size: opts.size ?? Math.max(2, cores),
    spawn: () => spawnBrowserWorker(opts.url),
    plugins: opts.plugins,
  });
}
