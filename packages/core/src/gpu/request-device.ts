/// <reference types="webgpu" preserve="true" />
// Adapter + device from any `GPU` object (Dawn's `create()` in Node, `navigator.gpu` in a page or
// worker). The hosts (node/gpu-device.ts, browser/gpu-device.ts) add caching and their own errors.
import {
  GpuUnavailableError,
  type GpuAdapterSummary,
  type GpuContext,
  type GpuLimits,
} from './gpu-context.js';

/**
 * The limits our kernels lean on, requested at the adapter's maximum. Defaults are far lower than
 * hardware (storage binding 128 MiB by default, 1 GiB on SwiftShader, more on real GPUs), and a
 * device only gets what it asks for.
 */
const COMPUTE_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxComputeWorkgroupsPerDimension',
] as const;

/** Enabled when offered; nothing requires them, but later kernels may (timings, subgroup scans, f16). */
const OPTIONAL_FEATURES = ['timestamp-query', 'subgroups', 'shader-f16'] as const;

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|microsoft basic render|\bwarp\b/i;

export function summarizeAdapter(adapter: GPUAdapter): GpuAdapterSummary {
  // `adapter.info` is the current API; very old browsers lack it, and then we know nothing.
  const info: Partial<GPUAdapterInfo> = (adapter as { info?: GPUAdapterInfo }).info ?? {};
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
  };
}

/**
 * Software if the adapter says it is a fallback (`info.isFallbackAdapter` now, `adapter.isFallbackAdapter`
 * before; Dawn 0.6.2 only has the former) or names a known CPU implementation.
 */
export function isSoftwareAdapter(adapter: GPUAdapter): boolean {
  const info = (adapter as { info?: Partial<GPUAdapterInfo> }).info;
  const legacy = (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter;
  if (info?.isFallbackAdapter === true || legacy === true) return true;
  const s = summarizeAdapter(adapter);
  return SOFTWARE.test(`${s.vendor} ${s.architecture} ${s.device} ${s.description}`);
}

export function snapshotLimits(limits: GPUSupportedLimits): GpuLimits {
  const out: Record<string, number> = {};
  // Limits are getters on the prototype (WebIDL attributes), which Object.keys does not list:
  // walk the chain for every own name.
  for (let o: object | null = limits; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const key of Object.getOwnPropertyNames(o)) {
      const value = (limits as unknown as Record<string, unknown>)[key];
      if (typeof value === 'number' && !(key in out)) out[key] = value;
    }
  }
  return out as GpuLimits;
}

export interface RequestGpuOptions {
  powerPreference?: GPUPowerPreference;
  /** Appended to the "no adapter" message: what to install on this host. */
  installHint?: string;
}

export async function requestGpuContext(gpu: GPU, opts: RequestGpuOptions = {}): Promise<GpuContext> {
  const hint = opts.installHint ? ` ${opts.installHint}` : '';
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: opts.powerPreference ?? 'high-performance' });
  } catch (err) {
    throw new GpuUnavailableError(`requesting a WebGPU adapter failed: ${(err as Error).message}.${hint}`);
  }
  if (!adapter) throw new GpuUnavailableError(`no WebGPU adapter is available.${hint}`);

  const requiredLimits: Record<string, number> = {};
  const adapterLimits = adapter.limits as unknown as Record<string, number | undefined>;
  for (const name of COMPUTE_LIMITS) {
    const value = adapterLimits[name];
    if (typeof value === 'number') requiredLimits[name] = value;
  }
  const requiredFeatures = OPTIONAL_FEATURES.filter((f) => adapter.features.has(f)) as GPUFeatureName[];
  const summary = summarizeAdapter(adapter);
  const isSoftware = isSoftwareAdapter(adapter);

  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ requiredLimits, requiredFeatures, label: 'ffavatar' });
  } catch (err) {
    throw new GpuUnavailableError(
      `the adapter (${summary.description || summary.vendor}) refused a device: ${(err as Error).message}`,
    );
  }
  return {
    device,
    adapterInfo: summary,
    isSoftware,
    limits: snapshotLimits(device.limits),
    features: [...device.features].map(String).sort(),
  };
}
