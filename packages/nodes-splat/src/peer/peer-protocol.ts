import type { ThreeCameraParams } from './three-camera.js';

/** What Node asks the page (fixtures/peer-page.ts) to render; JSON both ways. */
export interface PeerRenderRequest {
  /** lam: gaussian-splat-renderer-for-lam, driven like gs3d with an identity avatar (PEERS.md). */
  peer: 'spark' | 'gs3d' | 'lam';
  /** URL of the PLY on the test server, loaded by the peer's own loader. */
  plyUrl: string;
  camera: ThreeCameraParams;
  /** Clear colour, raw values in [0, 1] (no colour management on the page). */
  background: [number, number, number];
  /**
   * Where the peer draws: 'float32' / 'half' render targets keep full blending precision;
   * 'canvas' is the 8-bit default framebuffer a user sees (read with preserveDrawingBuffer).
   */
  target: 'float32' | 'half' | 'canvas';
  /** After the first (checked) frame, time this many more draws of the same view (benchmark). */
  frames?: number;
  /**
   * Then time this many re-sorts: the camera orbits by 2 degrees and the peer generates, sorts
   * (in its worker) and draws until the new order is on screen (benchmark).
   */
  sorts?: number;
  /** Leave the pixels out of the reply (benchmark: a 1024^2 float readback is 16 MiB). */
  skipPixels?: boolean;
  /**
   * Spark options; each defaults to the value matched to our renderer (see PEERS.md), except
   * with `libraryDefaults`, where Spark gets nothing but the renderer (what a user sees).
   * `linearBlend` leaves Spark's own sRGB -> linear conversion on for linear (float) targets.
   */
  spark?: {
    libraryDefaults?: boolean;
    linearBlend?: boolean;
    preBlurAmount?: number;
    blurAmount?: number;
    maxStdDev?: number;
    minAlpha?: number;
    sortRadial?: boolean;
    clipXY?: number;
    accumExtSplats?: boolean;
    extSplats?: boolean;
  };
  /** GaussianSplats3D options; defaults matched to our renderer. */
  gs3d?: {
    antialiased?: boolean;
    integerBasedSort?: boolean;
    sphericalHarmonicsDegree?: number;
    optimizeSplatData?: boolean;
  };
  /**
   * LAM options. LAM's PLY parser takes `f_dc_*` as the final colour in [0, 1] (its avatar PLYs store
   * RGB there), not as the SH DC coefficient: the page rewrites each `f_dc_k` to 0.5 + SH_C0 f_dc_k
   * before LAM loads it (PEERS.md). `rawDc` hands LAM our PLY unchanged (to measure the difference).
   */
  lam?: { rawDc?: boolean };
}

export interface PeerRenderResult {
  peer: PeerRenderRequest['peer'];
  /** Readback format of `pixels` (base64): RGBA float32 or RGBA8, bottom row first (GL). */
  format: 'f32' | 'u8';
  pixels: string;
  /** From load start to the first frame with a complete sort for this camera. */
  loadMs: number;
  /** Timed draws after the first frame (only when `frames` was asked). */
  frameMs: number[];
  /** Timed camera change -> sorted -> drawn (only when `sorts` was asked). */
  sortMs: number[];
  info: Record<string, unknown>;
}
