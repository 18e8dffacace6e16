// The viewer's Web Worker: the renderer behind comlink, frames handed back by transfer.
import * as Comlink from 'comlink';
import type { Camera } from '@ffavatar/core';
import type { AvatarPose } from './avatar-pose.js';
import {
  createViewerRenderer,
  type ViewerBackend,
  type ViewerRenderer,
  type ViewerScene,
} from './viewer-renderer.js';

let renderer: ViewerRenderer | undefined;
const api = {
  init(backend: ViewerBackend) {
    renderer = createViewerRenderer(backend);
  },
  setScene: (scene: ViewerScene) => renderer!.setScene(scene),
  async render(camera: Camera, pose: AvatarPose | undefined) {
    const frame = await renderer!.render(camera, pose);
    return Comlink.transfer(frame, [frame.rgba.buffer]);
  },
  async plyBytes(pose: AvatarPose | undefined) {
    const bytes = await renderer!.plyBytes(pose);
    return Comlink.transfer(bytes, [bytes.buffer]);
  },
};
export type ViewerWorkerApi = typeof api;

Comlink.expose(api);
