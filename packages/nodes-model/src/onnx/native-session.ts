// onnxruntime-node (native CPU, a devDependency): the bound the bench holds the web runtimes to.
// The second module that imports an onnxruntime, with the same session shape as session.ts; no
// node imports it (the package ships onnxruntime-web only).
import * as ort from 'onnxruntime-node';
import type { OnnxSession, RuntimeTensor } from './session.js';
import { readSignature } from './signature.js';

/**
 * A native CPU session. `threads` is the intra-op pool size: 1 matches onnxruntime-web's single
 * wasm thread (the per-core figure); 0 lets onnxruntime take every core.
 */
export async function openNativeSession(
  bytes: Uint8Array,
  opts: { threads?: number } = {},
): Promise<OnnxSession> {
  const session = await ort.InferenceSession.create(new Uint8Array(bytes), {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: opts.threads ?? 1,
    interOpNumThreads: 1,
  });
  let queue: Promise<unknown> = Promise.resolve();
  return {
    key: '',
    bytes: bytes.byteLength,
    signature: readSignature(bytes),
    backend: `onnxruntime-node (cpu, ${opts.threads ?? 1} thread${(opts.threads ?? 1) === 1 ? '' : 's'})`,
    run(feeds) {
      const result = queue.then(async () => {
        const ortFeeds: Record<string, ort.Tensor> = {};
        for (const [name, t] of Object.entries(feeds))
          ortFeeds[name] = new ort.Tensor(t.dtype, t.data, [...t.shape]);
        const out = await session.run(ortFeeds);
        const result: Record<string, RuntimeTensor> = {};
        for (const [name, t] of Object.entries(out)) {
          if (!(t.data instanceof Float32Array))
            throw new Error(`output "${name}" has type ${t.type}; the bench reads float32`);
          result[name] = { dtype: 'float32', shape: [...t.dims], data: t.data };
        }
        return result;
      });
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
