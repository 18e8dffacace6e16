import { defineNodePackage } from '@ffavatar/core';
import { browserAssetUrls } from './backends/browser-asset-urls.js';
import { createFaceLandmarksNode } from './nodes/face-landmarks.js';

/**
 * @ffavatar/nodes-model for browsers: the same node types as the Node entry (`index.ts`), over
 * browser runtimes. Bundle it as its own module and give its URL to the browser worker pool; serve
 * the weights and .wasm files where `backends/browser-asset-urls.ts` says.
 */

const assets = browserAssetUrls(import.meta.url);

// Imported on first run: a worker that never detects a face never loads tfjs (1.3 MB).
export const faceLandmarks = createFaceLandmarksNode(
  () => import('./backends/face-api-browser.js').then((m) => m.loadBrowserLandmarkBackend(assets)),
);

export const nodePackage = defineNodePackage({ name: '@ffavatar/nodes-model', nodes: [faceLandmarks] });

export default nodePackage;
