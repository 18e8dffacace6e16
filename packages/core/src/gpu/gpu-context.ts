/// <reference types="webgpu" preserve="true" />
// What a thread holds once it has a WebGPU device: the same shape in Node (Dawn) and the browser.
// (The reference above pulls in @webgpu/types through core's `webgpu` dependency; it is type-only.)

/** The adapter as reported by `adapter.info`; browsers may blank fields for privacy. */
export interface GpuAdapterSummary {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
}

/** A plain snapshot of `device.limits` (JSON-friendly, unlike the live GPUSupportedLimits object). */
export type GpuLimits = { readonly [K in Exclude<keyof GPUSupportedLimits, '__brand'>]: number };

export interface GpuContext {
  readonly device: GPUDevice;
  readonly adapterInfo: GpuAdapterSummary;
  /** A CPU rasterizer (SwiftShader, llvmpipe, WARP) or an adapter flagged as fallback. */
  readonly isSoftware: boolean;
  /** The limits the device was created with (the adapter's maxima for what compute kernels need). */
  readonly limits: GpuLimits;
  /** Optional features enabled on the device (e.g. 'timestamp-query', 'subgroups'). */
  readonly features: readonly string[];
}

/** No adapter or no device: the message says what to install or set. */
export class GpuUnavailableError extends Error {
  override name = 'GpuUnavailableError';
  /** The engine's error code (ErrorCode): another machine (a farm's next worker) may have a GPU. */
  readonly code = 'unavailable' as const;
}

/** "google swiftshader (SwiftShader driver 5.0.0)": for logs and reports. */
export function adapterLabel(info: GpuAdapterSummary): string {
  const head = [info.vendor, info.architecture].filter(Boolean).join(' ') || info.device || 'unknown adapter';
  return info.description ? `${head} (${info.description})` : head;
}
