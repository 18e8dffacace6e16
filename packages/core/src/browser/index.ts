// The browser host of the worker pool: Web Workers instead of worker_threads, fetch instead of fs.
// Browser-safe: nothing here imports node: modules. The worker itself starts from `worker-entry.ts`,
// which an app bundles as a separate module and passes to createBrowserWorkerPool by URL.
export { createBrowserWorkerPool, spawnBrowserWorker } from './worker-host.js';
export { fetchFileAccess } from './file-access.js';
export {
  WORKER_EXIT_MESSAGE,
  isWorkerExitMessage,
  reportWorkerExits,
  type DedicatedWorkerScope,
  type WorkerExitMessage,
} from './worker-exit.js';
export {
  WorkerLostError,
  type WorkerHandle,
  type WorkerPool,
  type PoolJobResult,
} from '../engine/workers/worker-pool.js';
export { acquireGpu } from './gpu-device.js';
