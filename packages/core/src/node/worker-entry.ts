import { parentPort } from 'node:worker_threads';
import { Comlink } from '../engine/workers/comlink.js';
import { nodeEndpoint } from './comlink-node.js';
import { createWorkerApi } from '../engine/workers/worker-runtime.js';
import { nodeFileAccess } from './file-access.js';

if (!parentPort) throw new Error('worker-entry must run in a worker thread');

Comlink.expose(
  createWorkerApi({
    importModule: (specifier) => import(specifier),
    files: nodeFileAccess,
  }),
  nodeEndpoint(parentPort),
);
