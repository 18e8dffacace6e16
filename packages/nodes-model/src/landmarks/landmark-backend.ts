/**
 * What the landmark node needs from a detector runtime. The node and everything it draws or decides
 * is runtime-free; only `backends/` modules talk to tfjs and face-api, one module per runtime.
 */

/** An 8-bit RGBA image, row-major, top row first. */
export interface Rgba8 {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

type FaceDetectorKind = 'tiny' | 'ssd';

export interface DetectOptions {
  readonly detector: FaceDetectorKind;
  /** Detection score threshold in (0, 1). */
  readonly minConfidence: number;
  /** The tiny detector's square input side in px, a multiple of 32; ssd ignores it. */
  readonly inputSize: number;
}

/** One face, in the pixel frame of the image that was passed in (origin at its top-left corner). */
export interface FaceDetection {
  /** [4] x, y, width, height. */
  readonly box: Float32Array;
  /** Detector score in [0, 1]. */
  readonly score: number;
  /** [68, 2] x, y in iBUG-300W order. */
  readonly points: Float32Array;
}

export interface LandmarkBackend {
  /** E.g. "face-api 1.7.15, tfjs 4.22.0 wasm (node)": says which runtime produced a result. */
  readonly description: string;
  /** Every face scoring at least `minConfidence`, each with its 68 points. */
  detect(image: Rgba8, options: DetectOptions): Promise<FaceDetection[]>;
  /**
   * The 68 points of the face inside `box` (x, y, w, h px), without running a detector: the landmark
   * net alone, for tracking a face from one video frame to the next (about 4x faster than `detect`).
   */
  landmarksIn(image: Rgba8, box: Float32Array): Promise<Float32Array>;
}

/** Loads (once) and returns the backend of the runtime the node runs in. */
export type LandmarkBackendLoader = () => Promise<LandmarkBackend>;
