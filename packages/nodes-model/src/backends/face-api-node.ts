// The landmark backend for Node (main thread or worker_threads): face-api's node-wasm build on
// tfjs-wasm, with weights and the .wasm binary read from the installed packages. Nothing downloads.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { LandmarkBackend } from '../landmarks/landmark-backend.js';
import { createFaceApiBackend, tfRuntimeOf, useWasmBackend, type FaceApi } from './face-api-detect.js';

const FACE_API_BUILD = '@vladmandic/face-api/dist/face-api.node-wasm.js';

// One per process or worker: tfjs and the loaded weights are module state of face-api.
let loading: Promise<LandmarkBackend> | undefined;

export function loadNodeLandmarkBackend(): Promise<LandmarkBackend> {
  // A failed start is not cached, so a later run retries and reports the cause again.
  loading ??= start().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

async function start(): Promise<LandmarkBackend> {
  const require = createRequire(import.meta.url);
  // The node-wasm build is CommonJS; its default entry would need tfjs-node (downloads at install).
  const buildPath = require.resolve(FACE_API_BUILD);
  const faceapi = require(buildPath) as FaceApi;
  const tf = tfRuntimeOf(faceapi);
  // Resolved from face-api's own location: the .wasm must match the tfjs-backend-wasm JS that
  // face-api loads, whatever the package manager hoisted where.
  const wasmDir = join(
    dirname(createRequire(buildPath).resolve('@tensorflow/tfjs-backend-wasm/package.json')),
    'dist',
  );
  await useWasmBackend(tf, wasmDir);
  const modelDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  return createFaceApiBackend(
    faceapi,
    `face-api ${faceapi.version}, tfjs ${tf.version.tfjs ?? '?'} wasm (node)`,
    (net) =>
      faceapi.nets[net].loadFromDisk(modelDir).catch((err: Error) => {
        throw new Error(`cannot load face-api weights "${net}" from ${modelDir}: ${err.message}`);
      }),
  );
}
