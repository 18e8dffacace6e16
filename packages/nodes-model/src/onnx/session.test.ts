import { describe, expect, it } from 'vitest';
import { AbortError } from '@ffavatar/core';
import { buildReferenceModel } from '../learned/reference-model.js';
import { SMALL_SIZE } from '../learned/stage-size.js';
import { seededWeights } from '../learned/weights.js';
import { checkModelSize, DEFAULT_MAX_MODEL_BYTES } from './limits.js';
import { ModelTooLargeError, cachedSessionCount, openSession, openSessionFromFile } from './session.js';

const bytes = buildReferenceModel('motionRefiner', SMALL_SIZE, seededWeights(3));
const feeds = {
  expression: { dtype: 'float32' as const, shape: [1, 53], data: new Float32Array(53).fill(0.1) },
  anchor_features: { dtype: 'float32' as const, shape: [2, 8], data: new Float32Array(16).fill(0.5) },
};

describe('onnx session', () => {
  it('caches one session per model content, whatever buffer carries it', async () => {
    const a = await openSession(bytes);
    const before = cachedSessionCount();
    const b = await openSession(bytes.slice());
    expect(b.key).toBe(a.key);
    expect(cachedSessionCount()).toBe(before);
    const other = await openSession(buildReferenceModel('motionRefiner', SMALL_SIZE, seededWeights(4)));
    expect(other.key).not.toBe(a.key);
    const [r1, r2] = await Promise.all([a.run(feeds), b.run(feeds)]); // overlapping runs are queued
    expect(r1.offsets!.shape).toEqual([2, 3]);
    expect([...r2.offsets!.data]).toEqual([...r1.offsets!.data]);
  });

  it('refuses a model over the size limit before starting a runtime', async () => {
    await expect(openSession(bytes, { maxBytes: 1000, name: 'model big.onnx' })).rejects.toThrow(
      ModelTooLargeError,
    );
    await expect(openSession(bytes, { maxBytes: 1000, name: 'model big.onnx' })).rejects.toThrow(
      new RegExp(
        `^model big\\.onnx is ${bytes.byteLength} bytes, over the 1000 bytes limit \\(maxModelBytes\\)`,
      ),
    );
    await expect(openSession(bytes, { maxBytes: bytes.byteLength })).resolves.toMatchObject({
      bytes: bytes.byteLength,
    });
  });

  it('refuses the webgpu execution provider where there is no navigator.gpu (Node), saying what to use', async () => {
    await expect(openSession(bytes, { executionProvider: 'webgpu', name: 'model r.onnx' })).rejects.toThrow(
      'model r.onnx: the webgpu execution provider needs navigator.gpu (a browser with WebGPU, in a secure context); use wasm',
    );
  });

  it('names sizes in MiB past 1 MiB', () => {
    expect(() =>
      checkModelSize(600 * 2 ** 20 + 2 ** 19, DEFAULT_MAX_MODEL_BYTES, 'model models/encoder.onnx'),
    ).toThrow(
      /^model models\/encoder\.onnx is 600\.5 MiB, over the 512 MiB limit \(maxModelBytes\) for onnxruntime-web/,
    );
  });

  it('lets a run in flight finish, then reports the cancel; cancelled runs queued behind it never start', async () => {
    const s = await openSession(bytes);
    const big = {
      ...feeds,
      anchor_features: {
        dtype: 'float32' as const,
        shape: [200_000, 8],
        data: new Float32Array(1_600_000).fill(0.5),
      },
    };
    const ctl = new AbortController();
    const inFlight = s.run(big, ctl.signal);
    const queued = s.run(big, ctl.signal);
    ctl.abort();
    const t0 = performance.now();
    await expect(inFlight).rejects.toThrow(AbortError);
    await expect(queued).rejects.toThrow(AbortError);
    // The queued run was refused at its start, not run: it adds no second run's time. Generous
    // bound (a shared machine), the point is "not two more runs".
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect((await s.run(feeds)).offsets!.shape).toEqual([2, 3]);
  });

  it('returns outputs that own their buffers exactly, so a worker reply transfers only them', async () => {
    const s = await openSession(bytes);
    const out = (await s.run(feeds)).offsets!.data;
    expect(out.buffer).toBeInstanceOf(ArrayBuffer);
    expect(out.byteOffset).toBe(0);
    expect(out.buffer.byteLength).toBe(out.byteLength);
  });

  it('stops at the next run boundary when cancelled', async () => {
    const s = await openSession(bytes);
    const ctl = new AbortController();
    ctl.abort();
    await expect(s.run(feeds, ctl.signal)).rejects.toThrow(AbortError);
    expect((await s.run(feeds)).offsets!.shape).toEqual([2, 3]); // the session still works
  });

  it('reads model bytes through the node file access', async () => {
    const read: string[] = [];
    const files = {
      read: async (p: string) => {
        read.push(p);
        return bytes;
      },
      list: async () => [],
      resolve: (p: string) => p,
      write: async () => '',
    };
    const s = await openSessionFromFile(files, 'models/refiner.onnx');
    expect(read).toEqual(['models/refiner.onnx']);
    expect(s.signature.inputs.map((i) => i.name)).toEqual(['expression', 'anchor_features']);
  });
});
