/**
 * A Web Worker has no exit event: when it calls `close()` the page is never told, and a pool would
 * wait forever for the reply of the job it was running. So the worker entry announces its own end
 * with this message (posted before it closes, so it is delivered), and the host treats it as the
 * worker's exit, the way Node reports `exit` for a worker_thread.
 */
export const WORKER_EXIT_MESSAGE = 'ffavatar-worker-exit';

export interface WorkerExitMessage {
  readonly type: typeof WORKER_EXIT_MESSAGE;
  /** The code passed to the runtime's `exit(code)`; undefined when the worker ended another way. */
  readonly code: number | undefined;
  /** How it ended, in the words WorkerLostError uses after "worker N ": "exited with code 7". */
  readonly reason: string;
}

export function isWorkerExitMessage(data: unknown): data is WorkerExitMessage {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { type?: unknown }).type === WORKER_EXIT_MESSAGE &&
    typeof (data as { reason?: unknown }).reason === 'string'
  );
}

/** The parts of a dedicated worker's global scope used here (the project's libs are DOM, not WebWorker). */
export interface DedicatedWorkerScope {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  close(): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
}

/**
 * Makes every way a worker can end reach the host as a WorkerExitMessage: node code that calls
 * `self.close()` itself, and an unhandled rejection (which ends a worker_thread
 * in Node but is only logged in a browser, so without this the two hosts would disagree about
 * whether the worker is still trustworthy). Uncaught errors need nothing here: the page's Worker
 * gets an `error` event for them.
 */
export function reportWorkerExits(scope: DedicatedWorkerScope): void {
  const close = scope.close.bind(scope);
  let ended = false;
  const end = (code: number | undefined, reason: string) => {
    if (ended) return;
    ended = true;
    const message: WorkerExitMessage = { type: WORKER_EXIT_MESSAGE, code, reason };
    scope.postMessage(message);
    close();
  };
  scope.close = () => end(undefined, 'closed itself (self.close())');
  scope.addEventListener('unhandledrejection', (event) => {
    // Reported to the pool as this worker's end (WorkerLostError), so not again as a page error.
    event.preventDefault();
    const reason = (event as PromiseRejectionEvent).reason as unknown;
    end(
      undefined,
      `crashed: unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`,
    );
  });
}
