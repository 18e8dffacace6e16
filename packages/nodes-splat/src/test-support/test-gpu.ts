// Shared by the WebGPU tests of this package (not exported): the device, and a check that no
// WebGPU error slipped by.
import { GpuUnavailableError, type GpuContext } from '@ffavatar/core/gpu';
import { acquireGpu } from '@ffavatar/core/node';

/**
 * The test device. No adapter is a failure, never a skip, with what to install: on a machine
 * without a GPU, SwiftShader (apt-get install chromium libvulkan1).
 */
async function testGpu(): Promise<GpuContext> {
  try {
    return await acquireGpu();
  } catch (err) {
    if (err instanceof GpuUnavailableError) {
      throw new Error(
        `the WebGPU tests need an adapter: ${err.message} On Debian without a GPU: apt-get install chromium libvulkan1 (SwiftShader).`,
      );
    }
    throw err;
  }
}

/**
 * Registers hooks that acquire the device once per file and make every test fail, not skip, with
 * testGpu's message when there is none (a throwing beforeAll marks tests as skipped in vitest).
 * Returns a getter for the context.
 */
export function useTestGpu(hooks: {
  beforeAll: (fn: () => Promise<void>, timeout?: number) => void;
  beforeEach: (fn: () => void) => void;
}): () => GpuContext {
  let ctx: GpuContext | undefined;
  let failure: Error | undefined;
  hooks.beforeAll(async () => {
    try {
      ctx = await testGpu();
    } catch (err) {
      failure = err as Error;
    }
  }, 120_000);
  hooks.beforeEach(() => {
    if (failure) throw failure;
  });
  return () => {
    if (!ctx) throw failure ?? new Error('the test GPU is not acquired yet');
    return ctx;
  };
}

export { withoutGpuErrors } from '@ffavatar/core/gpu';
