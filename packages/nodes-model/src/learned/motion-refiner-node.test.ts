import { describe, expect, it } from 'vitest';
import { AbortError, type Avatar, type HeadParams } from '@ffavatar/core';
import { OnnxGraphWriter } from '../onnx/graph-writer.js';
import { motionRefinerNode } from './motion-refiner-node.js';
import { buildReferenceModel } from './reference-model.js';
import { encodeSafetensors } from './safetensors.js';
import { SMALL_SIZE } from './stage-size.js';
import { seededWeights } from './weights.js';

function avatar(n: number): Avatar {
  const f = (k: number, v = 0) => new Float32Array(n * k).fill(v);
  return {
    headModel: 'ict-facekit-light',
    identity: new Float32Array(4),
    count: n,
    shDegree: 0,
    logScales: f(3, -5),
    rotations: f(4),
    logitOpacities: f(1, 2),
    sh: f(3, 0.1),
    triangle: Uint32Array.from({ length: n }, (_, i) => i),
    barycentric: f(3, 1 / 3),
    normalOffset: f(1),
  };
}
const params: HeadParams = {
  model: 'ict-facekit-light',
  identity: new Float32Array(4),
  expression: new Float32Array(53).fill(0.2),
  rotation: new Float32Array(3),
  translation: new Float32Array(3),
};

function ctx(
  models: Record<string, Uint8Array> = {},
  signal = new AbortController().signal,
  progress: (f: number) => void = () => {},
) {
  return {
    nodeId: 'refine',
    item: undefined,
    signal,
    progress,
    files: {
      read: async (p: string) => {
        const m = models[p];
        if (!m) throw new Error(`no file ${p}`);
        return m;
      },
      list: async () => [],
      resolve: (p: string) => p,
      write: async () => '',
    },
  };
}

const run = (inputs: { avatar: Avatar; params: HeadParams }, p: Record<string, unknown>, c = ctx()) =>
  motionRefinerNode.run({ inputs, params: motionRefinerNode.params.parse(p), ctx: c });

describe('learned.motionRefiner', () => {
  it('applies the reference refiner: finite [N, 3] offsets, normal part in the normal offset', async () => {
    const a = avatar(40_000); // over one chunk
    const { avatar: out, offsets } = await run({ avatar: a, params }, {});
    expect(offsets.shape).toEqual([40_000, 3]);
    const d = offsets.data as Float32Array;
    expect(d.every(Number.isFinite)).toBe(true);
    expect(d.some((v) => v !== 0)).toBe(true);
    expect(out.normalOffset[5]).toBeCloseTo(d[5 * 3 + 2]!, 6);
    expect(out.extras?.residual_0?.[5]).toBe(d[5 * 3]);
    expect(out.count).toBe(a.count);
    expect(a.normalOffset.every((v) => v === 0)).toBe(true); // the input is untouched
    const again = await run({ avatar: a, params }, {});
    expect([...(again.offsets.data as Float32Array).subarray(0, 30)]).toEqual([...d.subarray(0, 30)]);
  });

  it('runs a model file given by path', async () => {
    const bytes = buildReferenceModel('motionRefiner', SMALL_SIZE, seededWeights(9));
    const { offsets } = await run(
      { avatar: avatar(10), params },
      { model: 'models/refiner.onnx' },
      ctx({ 'models/refiner.onnx': bytes }),
    );
    expect(offsets.shape).toEqual([10, 3]);
  });

  it('builds the reference architecture with weights from a safetensors file', async () => {
    const tensors = new Map<string, { shape: readonly number[]; data: Float32Array }>();
    const seeded = seededWeights(0);
    const recorder = {
      get: (name: string, shape: readonly number[], init: Parameters<typeof seeded.get>[2]) => {
        const data = seeded.get(name, shape, init);
        tensors.set(name, { shape, data });
        return data;
      },
    };
    buildReferenceModel('motionRefiner', SMALL_SIZE, recorder);
    const file = encodeSafetensors(tensors);
    const a = avatar(10);
    const fromFile = await run(
      { avatar: a, params },
      { weights: 'w.safetensors' },
      ctx({ 'w.safetensors': file }),
    );
    const seededRun = await run({ avatar: a, params }, { seed: 0 });
    expect([...(fromFile.offsets.data as Float32Array)]).toEqual([
      ...(seededRun.offsets.data as Float32Array),
    ]);
    await expect(
      run(
        { avatar: a, params },
        { weights: 'w.safetensors' },
        ctx({ 'w.safetensors': encodeSafetensors(new Map()) }),
      ),
    ).rejects.toThrow(/no tensor "mr.expression.weight"/);
  });

  it('refuses a model with a wrong input before running it, naming the input', async () => {
    const g = new OnnxGraphWriter('wrong');
    g.input('expression', [1, 53]);
    const x = g.input('features', ['A', 8]);
    g.output(x, 'offsets', ['A', 3]);
    await expect(
      run({ avatar: avatar(10), params }, { model: 'bad.onnx' }, ctx({ 'bad.onnx': g.toBytes() })),
    ).rejects.toThrow(
      /bad\.onnx: model does not fit the motion refiner contract:\n- input "anchor_features" is missing: expected float32 \[A, F\]/,
    );
  });

  it('refuses head params with another expression count than the model', async () => {
    const bytes = buildReferenceModel('motionRefiner', SMALL_SIZE, seededWeights(9));
    const p52 = { ...params, expression: new Float32Array(52) };
    await expect(
      run({ avatar: avatar(10), params: p52 }, { model: 'r.onnx' }, ctx({ 'r.onnx': bytes })),
    ).rejects.toThrow(/takes 53 expression weights, the head params have 52/);
  });

  it('stops at the next chunk once cancelled mid-run', async () => {
    const ctl = new AbortController();
    const reports: number[] = [];
    const c = ctx({}, ctl.signal, (f) => {
      reports.push(f);
      ctl.abort();
    });
    await expect(run({ avatar: avatar(32768 * 3), params }, {}, c)).rejects.toThrow(AbortError);
    expect(reports).toEqual([1 / 3]); // one chunk of three ran
  });

  it('refuses a model file over maxModelBytes before parsing it, naming the file and the limit', async () => {
    // Not an ONNX file: were it parsed first, the error would be a parse error.
    const junk = new Uint8Array(5000).fill(7);
    await expect(
      run(
        { avatar: avatar(10), params },
        { model: 'models/huge.onnx', maxModelBytes: 4096 },
        ctx({ 'models/huge.onnx': junk }),
      ),
    ).rejects.toThrow(/^model models\/huge\.onnx is 5000 bytes, over the 4096 bytes limit \(maxModelBytes\)/);
  });

  it('stops when cancelled', async () => {
    const ctl = new AbortController();
    ctl.abort();
    await expect(run({ avatar: avatar(10), params }, {}, ctx({}, ctl.signal))).rejects.toThrow(AbortError);
  });
});
