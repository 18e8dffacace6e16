/// <reference types="webgpu" preserve="true" />
// WebGPU in Node through Dawn (the `webgpu` package): one device per thread, acquired once.
// See TOOLCHAIN.md, "WebGPU in Node", for the measured facts this file is built around.
import { existsSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { GpuUnavailableError, type GpuContext } from '../gpu/gpu-context.js';
import { requestGpuContext } from '../gpu/request-device.js';

/** Debian's `chromium` package ships SwiftShader, a Vulkan driver on the CPU. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

const INSTALL_HINT =
  'Dawn needs a Vulkan driver: a GPU driver, or on a machine without a GPU SwiftShader ' +
  `(apt-get install chromium libvulkan1; ${SWIFTSHADER_ICD} is then found by itself, or set VK_ICD_FILENAMES to it). ` +
  "Dawn refuses Mesa's lavapipe.";

/** The user chose the Vulkan drivers (each of these replaces the loader's own search): leave them be. */
function driversChosen(): boolean {
  return Boolean(process.env.VK_ICD_FILENAMES || process.env.VK_DRIVER_FILES);
}

/**
 * Makes SwiftShader visible to the Vulkan loader when it is installed and the user has not chosen
 * drivers. It is *added* (VK_ADD_DRIVER_FILES, loader 1.3.234+), not substituted through
 * VK_ICD_FILENAMES: that would hide a real GPU on a machine that has one and Debian's chromium too.
 * Dawn then offers the GPU first and SwiftShader (a fallback adapter) only when there is none.
 *
 * Only the main thread can do this: a worker_thread's process.env is a private copy that never
 * reaches the loader's getenv(). So this module does it when first imported on the main thread
 * (importing `@ffavatar/core/node` before starting workers is enough), and workers inherit it.
 */
export function addSwiftShaderDriver(): void {
  if (!isMainThread || driversChosen() || !existsSync(SWIFTSHADER_ICD)) return;
  const added = process.env.VK_ADD_DRIVER_FILES;
  if (added?.split(':').includes(SWIFTSHADER_ICD)) return;
  process.env.VK_ADD_DRIVER_FILES = added ? `${added}:${SWIFTSHADER_ICD}` : SWIFTSHADER_ICD;
}

addSwiftShaderDriver();

/**
 * Per-thread state, on globalThis rather than in module variables: the object returned by create()
 * must outlive every device made from it (if it is garbage-collected, Dawn crashes the process at
 * random: SIGSEGV in InstanceBase::ProcessEvents), and a module can be evaluated more than once in
 * one thread (vitest isolation, hot reload). Each worker_thread has its own globalThis, so its own.
 */
interface ThreadGpuState {
  instance?: GPU;
  /** Instances given up on (no adapter): still held, for the same reason. */
  retired: GPU[];
  pending?: Promise<GpuContext>;
}
const state: ThreadGpuState = ((globalThis as Record<symbol, unknown>)[Symbol.for('ffavatar.core.gpu')] ??= {
  retired: [],
}) as ThreadGpuState;

async function loadWebgpu(): Promise<typeof import('webgpu')> {
  let webgpu: typeof import('webgpu');
  try {
    // Loaded on first use, so importing @ffavatar/core/node never loads the native addon.
    webgpu = await import('webgpu');
  } catch (err) {
    throw new GpuUnavailableError(
      `the 'webgpu' package (Dawn) failed to load: ${(err as Error).message}. ${INSTALL_HINT}`,
    );
  }
  // Browser-style globals (GPUBufferUsage, GPUMapMode, ...) for code written against the web API;
  // never overwrite what a host already installed.
  const g = globalThis as Record<string, unknown>;
  for (const [name, value] of Object.entries(webgpu.globals as Record<string, unknown>)) {
    if (!(name in g)) g[name] = value;
  }
  return webgpu;
}

/** A Dawn instance reads the Vulkan environment when created: a new one sees a changed env. */
async function newInstance(): Promise<GPU> {
  if (state.instance) state.retired.push(state.instance);
  state.instance = (await loadWebgpu()).create([]);
  return state.instance;
}

function environmentHint(): string {
  const names = ['VK_ICD_FILENAMES', 'VK_DRIVER_FILES', 'VK_ADD_DRIVER_FILES'] as const;
  const set = names
    .filter((n) => process.env[n])
    .map((n) => {
      const missing = process.env[n]!.split(':').filter((f) => f && !existsSync(f));
      return `${n}=${process.env[n]}${missing.length ? ` (${missing.join(', ')} does not exist)` : ''}`;
    });
  if (set.length) return `${set.join(', ')}.`;
  return isMainThread
    ? 'No Vulkan driver variables are set.'
    : 'No Vulkan driver variables are set, and a worker thread cannot set them for itself: set VK_ICD_FILENAMES in the environment, or import @ffavatar/core/node on the main thread before starting workers.';
}

async function acquire(): Promise<GpuContext> {
  addSwiftShaderDriver();
  const gpu = state.instance ?? (await newInstance());
  try {
    return await requestGpuContext(gpu, { installHint: `${environmentHint()} ${INSTALL_HINT}` });
  } catch (err) {
    // Vulkan loaders before 1.3.234 ignore VK_ADD_DRIVER_FILES: name SwiftShader as the driver
    // and try once more with a fresh instance.
    if (
      !(err instanceof GpuUnavailableError) ||
      !isMainThread ||
      driversChosen() ||
      !existsSync(SWIFTSHADER_ICD)
    )
      throw err;
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    return requestGpuContext(await newInstance(), { installHint: `${environmentHint()} ${INSTALL_HINT}` });
  }
}

/**
 * This thread's WebGPU device, acquired on the first call and shared by later ones (each worker
 * thread gets its own). Rejects with GpuUnavailableError, saying what to install, when there is no
 * adapter; that answer is kept too. A lost device is forgotten, so the next call acquires anew.
 */
export function acquireGpu(): Promise<GpuContext> {
  if (state.pending) return state.pending;
  const current = acquire();
  state.pending = current;
  current.then(
    (ctx) => {
      void ctx.device.lost.then(() => {
        if (state.pending === current) state.pending = undefined;
      });
    },
    () => undefined,
  );
  return current;
}
