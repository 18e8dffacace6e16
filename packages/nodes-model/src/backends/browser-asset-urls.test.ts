import { describe, expect, it } from 'vitest';
import { browserAssetUrls } from './browser-asset-urls.js';

describe('browserAssetUrls', () => {
  it('defaults to folders beside the plugin module', () => {
    expect(browserAssetUrls('https://app.test/assets/nodes-model.js')).toEqual({
      models: 'https://app.test/assets/face-api-models/',
      wasm: 'https://app.test/assets/tfjs-wasm/',
    });
  });

  it('takes folders from the module URL query, relative to the module, with a trailing slash', () => {
    expect(browserAssetUrls('https://app.test/assets/nodes-model.js?faceApiModels=/weights&tfjsWasm=../wasm/')).toEqual({
      models: 'https://app.test/weights/',
      wasm: 'https://app.test/wasm/',
    });
  });
});
