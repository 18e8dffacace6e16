// The page's side of the viewer worker.
import * as Comlink from 'comlink';
import type { ViewerBackend } from './viewer-renderer.js';
import type { ViewerWorkerApi } from './viewer-worker.js';

export interface ViewerClient {
  api: Comlink.Remote<ViewerWorkerApi>;
  dispose(): void;
}

/** `?viewerBackend=cpu|webgpu|auto` on the page URL picks the backend (default auto). */
export function viewerBackendFromUrl(): ViewerBackend {
  const v = new URLSearchParams(location.search).get('viewerBackend');
  return v === 'cpu' || v === 'webgpu' ? v : 'auto';
}

export function createViewerClient(backend: ViewerBackend): ViewerClient {
  const worker = new Worker(new URL('./viewer-worker.ts', import.meta.url), {
    type: 'module',
    name: 'ffavatar-viewer',
  });
  const api = Comlink.wrap<ViewerWorkerApi>(worker);
  void api.init(backend);
  return {
    api,
    dispose: () => {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
