import { browserAssetUrls, browserOrtOptions } from './backends/browser-asset-urls.js';
import { modelNodePackage } from './node-list.js';
import { ortConfig } from './onnx/ort-config.js';

/**
 * @ffavatar/nodes-model for browsers: the same node types as the Node entry (`index.ts`,
 * `node-list.ts`), over browser runtimes. Bundle it as its own module and give its URL to the browser
 * worker pool; serve face-api's weights and tfjs's .wasm where `backends/browser-asset-urls.ts` says,
 * and onnxruntime-web's `ort-wasm-simd-threaded.jsep.wasm` beside this module (or `?ortWasm=FOLDER`).
 */

const assets = browserAssetUrls(import.meta.url);
// Read now, used by the first ONNX session (ort itself loads on the first learned run).
Object.assign(ortConfig, browserOrtOptions(import.meta.url));

export default modelNodePackage({
  // Imported on first run: a worker that never detects a face never loads tfjs (1.3 MB).
  loadLandmarkBackend: () =>
    import('./backends/face-api-browser.js').then((m) => m.loadBrowserLandmarkBackend(assets)),
  loadSegmentationBackend: () =>
    import('./backends/face-api-browser.js').then((m) => m.loadBrowserSegmentationBackend(assets)),
  loadFaceMeshBackend: () =>
    import('./backends/face-api-browser.js').then((m) => m.loadBrowserFaceMeshBackend(assets)),
});
