import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { nodeEndpoint } from './comlink-node.js';
import { createWorkerPool, type WorkerHandle, type WorkerPool } from '../engine/workers/worker-pool.js';

/**
 * From dist/ the worker entry is plain JS. From src/ (vitest) Node 20 cannot strip types, so a
 * small .mjs boot file registers tsx first (see TOOLCHAIN.md).
 */
function workerEntry(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('./worker-boot.mjs', import.meta.url)
    : new URL('./worker-entry.js', import.meta.url);
}

export function spawnNodeWorker(): WorkerHandle {
  const worker = new Worker(workerEntry());
  let exited = false;
  const listeners: ((reason: string) => void)[] = [];
  const fire = (reason: string) => {
    if (exited) return;
    exited = true;
    for (const l of listeners) l(reason);
  };
  worker.on('error', (err) => fire(`crashed: ${err.message}`));
  worker.on('exit', (code) => fire(`exited with code ${code}`));
  return {
    endpoint: nodeEndpoint(worker),
    onExit: (l) => {
      listeners.push(l);
    },
    terminate: () => worker.terminate(),
  };
}

/** A pool of worker_threads, one per core by default (at least 2, so independent nodes overlap). */
export function createNodeWorkerPool(opts: { plugins: string[]; size?: number }): WorkerPool {
  return createWorkerPool({
    size: opts.size ?? Math.max(2, availableParallelism()),
    spawn: spawnNodeWorker,
    plugins: opts.plugins,
  });
}
