import type { WorkerPool } from '../workers/worker-pool.js';
import type { RunEvent } from './events.js';
import type { FileAccess, FileRoots } from './node-context.js';
import type { OutputCache } from './output-cache.js';

/** What every step of one run shares: where values are cached, how nodes run, where events go. */
export interface RunContext {
  readonly cache: OutputCache;
  readonly pool: WorkerPool | undefined;
  readonly signal: AbortSignal;
  readonly roots: FileRoots;
  /** File access for nodes that run on this thread, and for fingerprints. */
  readonly files: FileAccess;
  readonly emit: (event: RunEvent) => void;
}
