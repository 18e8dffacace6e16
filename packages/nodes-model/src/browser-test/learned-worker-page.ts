// The learned-node page: core's browser worker pool runs this package's browser entry in module
// Web Workers; onnxruntime-web loads there on the first learned run. One pool per execution
// provider (the plugin URL's `?ortEp=`), since a worker imports a plugin by URL.
import type { Avatar, Tensor } from '@ffavatar/core';
import { createBrowserWorkerPool } from '@ffavatar/core/browser';
import { motionRefinerNode } from '../learned/motion-refiner-node.js';
import { onnxModelNode } from '../onnx/model-node.js';
import { testAvatar, testParams } from './learned-worker-fixtures.js';

const pools = {
  wasm: createBrowserWorkerPool({
    url: new URL('/worker-entry.js', location.href),
    plugins: [new URL('/nodes-model.js', location.href).href],
    size: 1,
  }),
  webgpu: createBrowserWorkerPool({
    url: new URL('/worker-entry.js', location.href),
    plugins: [new URL('/nodes-model.js?ortEp=webgpu', location.href).href],
    size: 1,
  }),
};

async function motionRefiner(ep: 'wasm' | 'webgpu', n: number) {
  const t0 = performance.now();
  const { reply } = await pools[ep].run({
    nodeType: 'learned.motionRefiner',
    nodeId: 'refine',
    item: undefined,
    params: motionRefinerNode.params.parse({}),
    inputs: { avatar: testAvatar(n), params: testParams() },
    roots: { baseDir: '/', outDir: undefined },
  });
  const ms = performance.now() - t0;
  if (!reply.ok) return { ok: false as const, error: reply.error, ms };
  const out = reply.outputs as { offsets: Tensor; avatar: Avatar };
  return {
    ok: true as const,
    ms,
    shape: out.offsets.shape,
    offsets: Array.from(out.offsets.data as Float32Array),
    count: out.avatar.count,
  };
}

async function onnxModel(ep: 'wasm' | 'webgpu', features: number[]) {
  const { reply } = await pools[ep].run({
    nodeType: 'model.onnx',
    nodeId: 'm',
    item: undefined,
    params: onnxModelNode.params.parse({ model: 'models/refiner.onnx' }),
    inputs: {
      in0: { dtype: 'f32', shape: [1, 53], data: Float32Array.from(testParams().expression) },
      in1: { dtype: 'f32', shape: [features.length / 8, 8], data: Float32Array.from(features) },
    },
    roots: { baseDir: '/', outDir: undefined },
  });
  if (!reply.ok) return { ok: false as const, error: reply.error };
  const out = reply.outputs as { out0: Tensor; signature: { backend: string } };
  return {
    ok: true as const,
    shape: out.out0.shape,
    out: Array.from(out.out0.data as Float32Array),
    backend: out.signature.backend,
  };
}

const api = {
  motionRefiner,
  onnxModel,
  async close() {
    await Promise.all(Object.values(pools).map((p) => p.close()));
    return Object.values(pools).map((p) => p.workerIds().length);
  },
};

(globalThis as unknown as { learnedTest: typeof api }).learnedTest = api;
