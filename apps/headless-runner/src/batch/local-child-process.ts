import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ItemOutcome } from './job-runtime.js';
import type { BatchJob } from './job.js';
import type { ChildSettings, FromChild, ToChild } from './local-protocol.js';

const ENTRY = fileURLToPath(new URL('./local-child.js', import.meta.url));

/** One local worker process, seen from the batch command: start it, give it an item, hear back. */
export class LocalChild {
  private busy:
    | { key: string; item: string; resolve(outcome: ItemOutcome): void; onProgress(fraction: number): void }
    | undefined;
  dead = false;

  private constructor(
    private readonly proc: ChildProcess,
    readonly worker: string,
  ) {
    proc.on('message', (m: FromChild) => {
      if (!this.busy || !('key' in m) || m.key !== this.busy.key) return;
      if (m.type === 'progress') this.busy.onProgress(m.fraction);
      else if (m.type === 'outcome') {
        const b = this.busy;
        this.busy = undefined;
        b.resolve(m.outcome);
      }
    });
    proc.on('exit', (code, signal) => {
      this.dead = true;
      const b = this.busy;
      this.busy = undefined;
      if (!b) return;
      // Lost with its item: like a stalled BullMQ job, the item goes back for another try.
      b.resolve(lostOutcome(worker, b.item, `exited (${signal ?? `code ${code}`}) while running`));
    });
  }

  static start(settings: ChildSettings): Promise<LocalChild> {
    const proc = fork(ENTRY, [JSON.stringify(settings)], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      execArgv: [],
    });
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null, signal: string | null) =>
        reject(
          new Error(`worker process ${proc.pid} exited (${signal ?? `code ${code}`}) before it was ready`),
        );
      proc.once('exit', onExit);
      proc.once('error', (err) => reject(new Error(`cannot start a worker process: ${err.message}`)));
      proc.once('message', (m: FromChild) => {
        proc.off('exit', onExit);
        if (m.type === 'ready') resolve(new LocalChild(proc, m.worker));
        else reject(new Error(`worker process ${proc.pid} spoke before it was ready`));
      });
    });
  }

  run(job: BatchJob, attempt: number, onProgress: (fraction: number) => void): Promise<ItemOutcome> {
    // A process that died while idle has no exit left to fire: without this the item would wait
    // forever (and an empty event loop would end the batch with exit 0 and no summary).
    if (this.dead || !this.proc.connected)
      return Promise.resolve(lostOutcome(this.worker, job.item, 'had exited before'));
    return new Promise((resolve) => {
      this.busy = { key: job.key, item: job.item, resolve, onProgress };
      this.send({ type: 'run', job, attempt });
    });
  }

  cancel(): void {
    if (this.busy) this.send({ type: 'cancel' });
  }

  /** Closes the channel; the process stops its item (if any) and exits. */
  stop(): void {
    if (this.proc.connected) this.proc.disconnect();
  }

  kill(): void {
    this.proc.kill('SIGKILL');
  }

  private send(message: ToChild): void {
    if (this.proc.connected) this.proc.send(message);
  }
}

function lostOutcome(worker: string, item: string, how: string): ItemOutcome {
  const message = `worker process ${worker} ${how} item ${item}`;
  return {
    kind: 'failed',
    retryable: true,
    message,
    summary: {
      id: item,
      status: 'failed',
      ms: null,
      attempts: 0,
      worker,
      report: null,
      error: message,
      figures: null,
    },
  };
}
