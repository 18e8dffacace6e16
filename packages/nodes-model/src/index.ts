import { nodeHost } from './node-host.js';
import { modelNodePackage } from './node-list.js';

/**
 * @ffavatar/nodes-model for Node (CLI, worker_threads). The browser has its own entry,
 * `browser.ts`, with the same node types (`node-list.ts`) over browser runtimes.
 */
export default modelNodePackage(nodeHost);
