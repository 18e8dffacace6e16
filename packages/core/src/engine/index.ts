// The engine: port types, the node contract, graph documents and validation, the executor, the
// worker pool. It imports no library of core (geometry, gpu, io) and no host (node, browser).
export * from './ports/port-type.js';
export * from './ports/builtin-types.js';
export * from './nodes/define-node.js';
export * from './nodes/registry.js';
export * from './nodes/describe.js';
export * from './nodes/file-param.js';
export * from './graph/document.js';
export * from './graph/problems.js';
export * from './graph/parse.js';
export * from './graph/migrate.js';
export * from './graph/validate.js';
export * from './graph/json-schema.js';
export * from './errors/node-error.js';
export * from './exec/node-context.js';
export * from './exec/video-decoding.js';
export * from './exec/events.js';
export * from './exec/output-cache.js';
export * from './exec/run-graph.js';
export { fileParamsOf, fingerprintFile, fingerprintInputFiles } from './exec/fingerprint.js';
export * from './exec/set-params.js';
export * from './workers/protocol.js';
export * from './workers/worker-pool.js';
export * from './workers/worker-runtime.js';
export * from './hash/content-hash.js';
export * from './values/typed-arrays.js';
export * from './values/image.js';
export * from './values/seeded-random.js';
