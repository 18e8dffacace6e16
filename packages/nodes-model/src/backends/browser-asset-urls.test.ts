import { describe, expect, it } from 'vitest';
import { browserAssetUrls, browserOrtOptions } from './browser-asset-urls.js';

describe('browserAssetUrls', () => {
  it('defaults to folders beside the plugin module', () => {
    expect(browserAssetUrls('https://app.test/assets/nodes-model.js')).toEqual({
      models: 'https://app.test/assets/face-api-models/',
      wasm: 'https://app.test/assets/tfjs-wasm/',
      humanModels: 'https://app.test/assets/human-models/',
    });
  });

  it('takes folders from the module URL query, relative to the module, with a trailing slash', () => {
    expect(
      browserAssetUrls(
        'https://app.test/assets/nodes-model.js?faceApiModels=/weights&tfjsWasm=../wasm/&humanModels=seg',
      ),
    ).toEqual({
      models: 'https://app.test/weights/',
      wasm: 'https://app.test/wasm/',
      humanModels: 'https://app.test/assets/seg/',
    });
  });

  it('reads onnxruntime-web options from the query: none by default, a folder and an execution provider', () => {
    expect(browserOrtOptions('https://app.test/assets/nodes-model.js')).toEqual({
      wasmPaths: undefined,
      executionProvider: 'wasm',
    });
    expect(browserOrtOptions('https://app.test/assets/nodes-model.js?ortWasm=../ort&ortEp=webgpu')).toEqual({
      wasmPaths: 'https://app.test/ort/',
      executionProvider: 'webgpu',
    });
    expect(() => browserOrtOptions('https://app.test/nodes-model.js?ortEp=webgl')).toThrow(
      '/nodes-model.js: ortEp=webgl is not an onnxruntime-web execution provider this package runs; use wasm or webgpu',
    );
  });
});
