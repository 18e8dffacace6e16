import { describe, expect, it } from 'vitest';
import { AbortError } from '@ffavatar/core';
import { buildReferenceModel } from '../learned/reference-model.js';
import { SMALL_SIZE } from '../learned/stage-size.js';
import { seededWeights } from '../learned/weights.js';
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
    await expect(openSession(bytes, { maxBytes: 1000, name: 'model big.onnx' })).rejects.toThrow(ModelTooLargeError);
    await expect(openSession(bytes, { maxBytes: 1000, name: 'model big.onnx' })).rejects.toThrow(/model big\.onnx is 0\.\d MiB, over the 0\.0 MiB limit/);
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
    const files = { read: async (p: string) => { read.push(p); return bytes; }, list: async () => [], resolve: (p: string) => p, write: async () => '' };
    const s = await openSessionFromFile(files, 'models/refiner.onnx');
    expect(read).toEqual(['models/refiner.onnx']);
    expect(s.signature.inputs.map((i) => i.name)).toEqual(['expression', 'anchor_features']);
  });
});
