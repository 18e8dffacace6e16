// The landmark backend for browsers (a Web Worker or a page): face-api's ESM build, which bundles
// the tfjs it needs, on its wasm backend; weights and .wasm come from the app's own server.
import * as faceapi from '@vladmandic/face-api/dist/face-api.esm.js';
import type { LandmarkBackend } from '../landmarks/landmark-backend.js';
import type { BrowserAssetUrls } from './browser-asset-urls.js';
import {
  createFaceApiBackend,
  tfRuntimeOf,
  useWasmBackend,
  type FaceApi,
  type TfWasmRuntime,
} from './face-api-detect.js';

// One per worker (or page): tfjs and the loaded weights are module state of face-api.
let loading: Promise<LandmarkBackend> | undefined;

export function loadBrowserLandmarkBackend(urls: BrowserAssetUrls): Promise<LandmarkBackend> {
  // A failed start is not cached, so a later run retries and reports the cause again.
  loading ??= start(urls).catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

async function start(urls: BrowserAssetUrls): Promise<LandmarkBackend> {
  const api = faceapi as unknown as FaceApi;
  const tf = tfRuntimeOf(api);
  if (!api.env.isBrowser()) {
    useWorkerEnvironment(api);
    singleThreaded(tf);
  }
  await useWasmBackend(tf, urls.wasm);
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
