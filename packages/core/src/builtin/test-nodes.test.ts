import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../engine/errors/node-error.js';
import type { NodeContext } from '../engine/exec/node-context.js';
import { decodeImage, encodePng } from '../io/image-codec.js';
import { writeNpy } from '../io/npy.js';
import { expectNode } from './expect.js';
import { matchImage } from './match-image.js';
import { matchValue } from './match-value.js';

/** A context whose files live in a Map: reads from `files`, writes into `written`. */
function fakeCtx(files: Record<string, Uint8Array> = {}) {
  const written = new Map<string, Uint8Array>();
  const ctx = {
    nodeId: 'gate',
    item: undefined,
    signal: new AbortController().signal,
    progress: () => {},
    files: {
      read: async (p: string) => {
        const f = files[p];
        if (!f) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
        return f;
      },
      list: async () => [],
      resolve: (p: string) => `/graphs/${p}`,
      write: async (p: string, data: Uint8Array | string) => {
        written.set(p, typeof data === 'string' ? new TextEncoder().encode(data) : data);
        return `/out/${p}`;
      },
    },
  } satisfies NodeContext;
  return { ctx, written };
}

async function failure(p: unknown): Promise<Error> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}

const gradient = (w: number, h: number, shift = 0) => ({
  width: w,
  height: h,
  format: 'rgba8' as const,
  data: Uint8Array.from({ length: w * h * 4 }, (_, i) =>
    i % 4 === 3 ? 255 : (((i >> 2) * 7) % 200) + shift,
  ),
});

describe('test.expect', () => {
  const params = (p: object) => expectNode.params.parse(p);

  it('passes a metric inside its bounds, read by a dotted path', async () => {
    const { ctx } = fakeCtx();
    const inputs = { value: { psnr: 31.5, stats: { err: [0.1, 0.02] } } };
    expect(expectNode.run({ inputs, params: params({ path: 'psnr', min: 30 }), ctx })).toEqual({});
    expect(
      expectNode.run({ inputs, params: params({ path: 'stats.err.1', equals: 0, tolerance: 0.05 }), ctx }),
    ).toEqual({});
    expect(expectNode.run({ inputs: { value: 3 }, params: params({ min: 1, max: 3 }), ctx })).toEqual({});
  });

  it('fails naming the node, the field, the value and the bound, with code assertion', async () => {
    const { ctx } = fakeCtx();
    const err = await failure(() =>
      expectNode.run({
        inputs: { value: { psnr: 23.41234 } },
        params: params({ path: 'psnr', min: 30 }),
        ctx,
      }),
    );
    expect(errorCodeOf(err)).toBe('assertion');
    expect(err.message).toBe('assertion "gate" failed: psnr = 23.4123, expected >= 30');
    const eq = await failure(() =>
      expectNode.run({
        inputs: { value: 1.2 },
        params: params({ equals: 1, tolerance: 0.1, name: 'scale' }),
        ctx,
      }),
    );
    expect(eq.message).toBe('assertion "scale" failed: value = 1.2, expected = 1 ± 0.1');
  });

  it('refuses params without a bound, and a path that is not there (bad_input)', async () => {
    expect(expectNode.params.safeParse({ path: 'psnr' }).success).toBe(false);
    const { ctx } = fakeCtx();
    const err = await failure(() =>
      expectNode.run({ inputs: { value: { psnr: 1 } }, params: params({ path: 'ssim', min: 0 }), ctx }),
    );
    expect(errorCodeOf(err)).toBe('bad_input');
    expect(err.message).toContain('no field "ssim"');
  });
});

describe('test.matchImage', () => {
  const golden = encodePng({ ...gradient(16, 12) });
  const params = (p: object) => matchImage.params.parse({ golden: 'golden.png', ...p });

  it('passes the same image, with PSNR Infinity and SSIM 1, writing nothing', async () => {
    const { ctx, written } = fakeCtx({ 'golden.png': golden });
    const { metrics } = await matchImage.run({
      inputs: { image: gradient(16, 12) },
      params: params({ minPsnr: 40, minSsim: 0.99, pixelTolerance: 0 }),
      ctx,
    });
    expect(metrics.psnr).toBe(Infinity);
    expect(metrics.ssim).toBeCloseTo(1, 6);
    expect(written.size).toBe(0);
  });

  it('fails an image off the golden: names PSNR and bound, writes the diff image it names', async () => {
    const { ctx, written } = fakeCtx({ 'golden.png': golden });
    const err = await failure(
      matchImage.run({ inputs: { image: gradient(16, 12, 40) }, params: params({ minPsnr: 30 }), ctx }),
    );
    expect(errorCodeOf(err)).toBe('assertion');
    expect(err.message).toMatch(
      /^assertion "gate" failed: psnr = [\d.]+ dB against \/graphs\/golden\.png, expected >= 30; diff image: \/out\/diff\/gate\.png$/,
    );
    const diff = decodeImage(written.get('diff/gate.png')!);
    expect([diff.width, diff.height]).toEqual([16, 12]);
  });

  it('per-pixel tolerance: a 2-level drift passes at 2, fails at 1 naming the share of pixels', async () => {
    const { ctx } = fakeCtx({ 'golden.png': golden });
    await matchImage.run({
      inputs: { image: gradient(16, 12, 2) },
      params: params({ pixelTolerance: 2 }),
      ctx,
    });
    const err = await failure(
      matchImage.run({ inputs: { image: gradient(16, 12, 2) }, params: params({ pixelTolerance: 1 }), ctx }),
    );
    expect(err.message).toMatch(
      /failed: [\d.]+% of pixels off by more than 1 levels \(max \d+\) against .*, expected <= 0%/,
    );
  });

  it('refuses a golden of the wrong size as bad_input naming both sizes, writing nothing', async () => {
    const { ctx, written } = fakeCtx({ 'golden.png': golden });
    const err = await failure(
      matchImage.run({ inputs: { image: gradient(8, 12) }, params: params({ minPsnr: 30 }), ctx }),
    );
    expect(errorCodeOf(err)).toBe('bad_input');
    expect(err.message).toContain('golden /graphs/golden.png is 16x12, the image 8x12');
    expect(written.size).toBe(0);
  });
});

describe('test.matchValue', () => {
  const tensor = { dtype: 'f32' as const, shape: [2, 2], data: Float32Array.of(1, 2, 3, 4) };
  const params = (p: object) => matchValue.params.parse(p);

  it('matches a Tensor against a .npy within atol, and reports the largest error', async () => {
    const npy = writeNpy({
      dtype: 'f32',
      shape: [2, 2],
      data: Float32Array.of(1, 2, 3, 4.0005),
    } as never);
    const { ctx } = fakeCtx({ 'want.npy': npy });
    const { maxError } = await matchValue.run({
      inputs: { value: tensor },
      params: params({ expected: 'want.npy', atol: 1e-3 }),
      ctx,
    });
    expect(maxError).toBeCloseTo(0.0005, 5);
    const err = await failure(
      matchValue.run({
        inputs: { value: tensor },
        params: params({ expected: 'want.npy', atol: 1e-5 }),
        ctx,
      }),
    );
    expect(errorCodeOf(err)).toBe('assertion');
    expect(err.message).toBe(
      'assertion "gate" failed: data[3] = 4, expected 4.0005 ± 0.00001 (expected from /graphs/want.npy)',
    );
  });

  it('matches JSON inline, failing on the first differing field or a shape change', async () => {
    const { ctx } = fakeCtx();
    await matchValue.run({
      inputs: { value: { a: [1, 2], b: 'x' } },
      params: params({ value: { a: [1, 2], b: 'x' } }),
      ctx,
    });
    const err = await failure(
      matchValue.run({
        inputs: { value: { a: [1, 2.5], b: 'x' } },
        params: params({ value: { a: [1, 2], b: 'x' }, atol: 0.1 }),
        ctx,
      }),
    );
    expect(err.message).toBe('assertion "gate" failed: a[1] = 2.5, expected 2 ± 0.1');
    const shape = await failure(
      matchValue.run({
        inputs: { value: { ...tensor, shape: [4] } },
        params: params({ value: { shape: [2, 2], data: [1, 2, 3, 4] } }),
        ctx,
      }),
    );
    expect(shape.message).toContain('shape has 1 items, expected 2');
  });
});
