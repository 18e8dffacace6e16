import type { Camera } from '@ffavatar/core';
import type { BlendVariant } from '../raster/webgpu/raster-wgsl.js';

/** What Node asks the page to render with our WebGPU rasterizer (fixtures/ours-page.ts); JSON both ways. */
export interface OursRenderRequest {
  plyUrl: string;
  /** Our camera (OpenCV axes, pixels), as given to rasterizeCpu. */
  camera: Camera;
  background: [number, number, number];
  /** After the first (checked) frame: warm-up frames, then timed frames with the cloud on the GPU. */
  warmup?: number;
  frames?: number;
  /** Blend kernel (default: the rasterizer's choice for the adapter, 'rows' on SwiftShader). */
  blend?: BlendVariant;
  /** Leave the pixels out of the reply (benchmark). */
  skipPixels?: boolean;
}

export interface OursRenderResult {
  /** RGBA float32 (base64), top row first (our order), colour over the background. */
  pixels: string;
  /** fetch + PLY parse + upload + first frame (pipelines compiled on the first call). */
  loadMs: number;
  /** Timed frames, cloud already on the GPU, no image readback (waits for the 16-byte frame summary). */
  frameMs: number[];
  /** Timed frames with the image copied back to the page (what rasterizeWebGpu's callers get). */
  readbackMs: number[];
  visible: number;
  pairs: number;
  blend: string;
  adapter: Record<string, unknown>;
  /** Where it ran: the page's main thread or a dedicated Web Worker. */
  realm: 'page' | 'worker';
}
