/**
 * Where the browser backend fetches face-api's weights and tfjs's .wasm files. A web app serves
 * them itself (nothing comes from a CDN): by default in folders beside the bundled plugin module,
 * `face-api-models/` (face-api's `model/` folder) and `tfjs-wasm/` (the `*.wasm` files of
 * `@tensorflow/tfjs-backend-wasm/dist`). A worker imports a plugin by URL and cannot be handed
 * options, so the query string of that URL overrides them: `nodes-model.js?faceApiModels=/m/&tfjsWasm=/w/`.
 */
export interface BrowserAssetUrls {
  readonly models: string;
  readonly wasm: string;
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
  };
}
