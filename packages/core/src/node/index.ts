// @ffavatar/core/node: the Node.js host: files, assets, worker_threads, plugin loading.
export * from './assets.js';
export * from './bench-results.js';
export * from './code-version.js';
export * from './disk-cache.js';
export * from './gpu-device.js';
export * from './atomic-write.js';
export * from './confine.js';
export * from './file-access.js';
export * from './input-limits.js';
export * from './plugins.js';
export * from './worker-threads.js';
export { decodeVideoFile, probeVideo } from './ffmpeg-video.js';
export { MAX_VIDEO_BYTES, selectedFrames } from '../engine/exec/video-selection.js';
