// Sessions inside a worker_threads worker of core's pool, the way the CLI runs the learned nodes:
// the worker reads the model file itself (the job carries its path, so model bytes never cross a
// thread), tensors move in and out by transfer, the size limit and cancellation hold there too.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tensor, WorkerPool } from '@ffavatar/core';
import { createNodeWorkerPool } from '@ffavatar/core/node';
import { buildReferenceModel } from '../learned/reference-model.js';
import { SMALL_SIZE } from '../learned/stage-size.js';
import { seededWeights } from '../learned/weights.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
// Node 20 workers load the plugin from dist (plain JS): build it (incremental, quick when current).
const plugin = new URL('../../dist/index.js', import.meta.url).href;

let pool: WorkerPool;
let dir: string;
const model = buildReferenceModel('motionRefiner', SMALL_SIZE, seededWeights(5));
const A = 200_000;

beforeAll(async () => {
  const tsc = spawnSync(
    process.execPath,
    [join(repo, 'node_modules/typescript/bin/tsc'), '-b', 'packages/nodes-model'],
    { cwd: repo, encoding: 'utf8' },
  );
  if (tsc.status !== 0) throw new Error(`building nodes-model failed:\n${tsc.stdout}${tsc.stderr}`);
  dir = mkdtempSync(join(tmpdir(), 'ffavatar-onnx-worker-'));
  writeFileSync(join(dir, 'refiner.onnx'), model);
  pool = createNodeWorkerPool({ plugins: [plugin], size: 1 });
}, 120_000);

afterAll(async () => {
  await pool?.close();
});

function job(params: Record<string, unknown>, features: Float32Array) {
  const inputs: Record<string, Tensor> = {
    in0: { dtype: 'f32', shape: [1, 53], data: new Float32Array(53).fill(0.3) },
    in1: { dtype: 'f32', shape: [features.length / 8, 8], data: features },
  };
  return {
    nodeType: 'model.onnx',
    nodeId: 'm',
    item: undefined,
    inputs,
    roots: { baseDir: dir, outDir: undefined },
    params: { maxModelBytes: 512 * 2 ** 20, ...params },
  };
}

async function untilDetached(data: Float32Array, settled: () => boolean) {
  while (data.byteLength > 0 && !settled()) await new Promise((r) => setTimeout(r, 1));
}

describe('ONNX sessions in a pool worker', () => {
  it('reads the model in the worker; the job carries its path only; tensors go by transfer and come back', async () => {
    const features = new Float32Array(A * 8).fill(0.25);
    const j = job({ model: 'refiner.onnx' }, features);
    // Nothing model-sized is posted: the job is the path plus the input tensors.
    expect(JSON.stringify(j.params)).not.toMatch(/bytes|data/);
    let settled = false;
    const pending = pool.run(j).finally(() => {
      settled = true;
    });
    await untilDetached(features, () => settled);
    expect(features.byteLength, 'the input was transferred (detached here), not copied').toBe(0);
    const { reply } = await pending;
    if (!reply.ok) throw new Error(reply.error.message);
    expect((reply.inputs.in1 as Tensor).data.byteLength).toBe(A * 8 * 4); // handed back
    const out0 = reply.outputs.out0 as Tensor;
    expect(out0.shape).toEqual([A, 3]);
    expect(out0.data.buffer.byteLength).toBe(A * 3 * 4); // the output alone crossed back
  });

  it('refuses a model over maxModelBytes in the worker, naming the file and the limit', async () => {
    const { reply } = await pool.run(
      job({ model: 'refiner.onnx', maxModelBytes: 1024 }, new Float32Array(8)),
    );
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.message).toBe(
      `model refiner.onnx is ${model.byteLength} bytes, over the 1024 bytes limit (maxModelBytes) for onnxruntime-web (wasm32 heap, model held twice while loading); raise maxModelBytes if it fits in memory, or export a smaller model (fp16, fewer layers)`,
    );
  });

  it('cancels a job in flight through the pool: it ends with AbortError, and the worker keeps working', async () => {
    const features = new Float32Array(A * 8).fill(0.5);
    const ctl = new AbortController();
    let settled = false;
    const pending = pool.run(job({ model: 'refiner.onnx' }, features), { signal: ctl.signal }).finally(() => {
      settled = true;
    });
    await untilDetached(features, () => settled);
    ctl.abort();
    const outcome = await pending.then(
      (r) => (r.reply.ok ? 'completed' : r.reply.error.name),
      (e: Error) => e.name,
    );
    expect(outcome).toBe('AbortError');
    const { reply } = await pool.run(job({ model: 'refiner.onnx' }, new Float32Array(16)));
    expect(reply.ok).toBe(true);
  });
});
