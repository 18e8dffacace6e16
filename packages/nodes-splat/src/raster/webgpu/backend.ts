// Choosing the rasterizer/driver backend for a node run: 'cpu' never touches WebGPU; 'auto' and
// 'webgpu' acquire this thread's device and let core's preferredBackend decide (auto: WebGPU on a
// hardware adapter, the CPU on a software one). The stats say which ran and why.
import { adapterLabel, preferredBackend, type BackendRequest, type GpuContext } from '@ffavatar/core/gpu';

/** How a host gets its thread's GPU (Node: nodeGpuLoader in src/node/node-gpu.ts; the browser entry: navigator.gpu). */
export type GpuLoader = () => Promise<GpuContext>;

export interface ChosenBackend {
  backend: 'webgpu' | 'cpu';
  reason: string;
  /** The adapter when one was acquired, e.g. "nvidia hopper (NVIDIA H100 ...)". */
  adapter?: string;
  ctx?: GpuContext;
}

export async function chooseBackend(requested: BackendRequest, loadGpu: GpuLoader): Promise<ChosenBackend> {
  if (requested === 'cpu') return preferredBackend(undefined, 'cpu');
  let gpu: GpuContext | Error;
  try {
    gpu = await loadGpu();
  } catch (err) {
    gpu = err instanceof Error ? err : new Error(String(err));
  }
  const choice = preferredBackend(gpu, requested); // throws for 'webgpu' without an adapter
  if (gpu instanceof Error) return choice;
  return {
    ...choice,
    adapter: adapterLabel(gpu.adapterInfo),
    ...(choice.backend === 'webgpu' ? { ctx: gpu } : {}),
  };
}
