import { describe, expect, it } from 'vitest';
import { Adam } from './adam.js';
import { constantRate, cosineDecay, exponentialDecay } from './schedule.js';

describe('Adam', () => {
  it('matches two steps computed by hand (PyTorch arithmetic)', () => {
    const p = new Float64Array([1, -2, 0.5]);
    const opt = new Adam([{ name: 'w', params: p, lr: 0.1 }], { beta1: 0.9, beta2: 0.999, eps: 1e-8 });
    const g1 = [0.5, -1, 0],
      g2 = [-0.25, 2, 1e-3];
    opt.step({ w: Float64Array.from(g1) });
    // Step 1: m = 0.1 g, v = 0.001 g^2; m / (1 - 0.9) = g, sqrt(v / (1 - 0.999)) = |g|: p -= 0.1 g / (|g| + eps).
    expect(p[0]).toBeCloseTo(1 - (0.1 * 0.5) / (0.5 + 1e-8), 14);
    expect(p[1]).toBeCloseTo(-2 + (0.1 * 1) / (1 + 1e-8), 14);
    expect(p[2]).toBe(0.5); // zero gradient, zero moments: no move
    const before = Array.from(p);
    opt.step({ w: Float64Array.from(g2) });
    for (let i = 0; i < 3; i++) {
      const m = 0.9 * (0.1 * g1[i]!) + 0.1 * g2[i]!;
      const v = 0.999 * (0.001 * g1[i]! ** 2) + 0.001 * g2[i]! ** 2;
      const expected =
        before[i]! - ((0.1 / (1 - 0.81)) * m) / (Math.sqrt(v) / Math.sqrt(1 - 0.999 ** 2) + 1e-8);
      expect(p[i]).toBeCloseTo(expected, 14);
    }
    // The hand numbers for the first coordinate, written out: m = 0.02, v = 0.0003497..., step 2.
    expect(p[0]).toBeCloseTo(
      1 -
        (0.1 * 0.5) / (0.5 + 1e-8) -
        ((0.1 / 0.19) * 0.02) / (Math.sqrt(0.999 * 0.00025 + 0.001 * 0.0625) / Math.sqrt(0.001999) + 1e-8),
      14,
    );
  });

  it('keeps per-group rates, schedules and step counts; a group without a gradient stays put', () => {
    const a = new Float32Array([1, 1]),
      b = new Float64Array([3]);
    const opt = new Adam([
      { name: 'a', params: a, lr: exponentialDecay({ initial: 1e-2, final: 1e-4, steps: 10 }) },
      { name: 'b', params: b, lr: 0.5 },
    ]);
    expect(opt.learningRate('a')).toBeCloseTo(1e-2, 12);
    opt.step({ a: new Float32Array([1, -1]) });
    expect(opt.steps('a')).toBe(1);
    expect(opt.steps('b')).toBe(0);
    expect(b[0]).toBe(3);
    expect(opt.learningRate('a')).toBeCloseTo(1e-2 * 1e-2 ** 0.1, 12);
    expect(a[0]).toBeCloseTo(1 - 1e-2, 6);
    expect(a[1]).toBeCloseTo(1 + 1e-2, 6);
    opt.step({ b: new Float64Array([-2]) });
    expect(b[0]).toBeCloseTo(3.5, 6);
    expect(() => opt.step({ c: new Float32Array(1) })).toThrow(/no group named 'c'/);
    expect(() => opt.step({ a: new Float32Array(3) })).toThrow(/3 values, the group 2/);
  });

  it('is deterministic: the same gradients give the same bits', () => {
    const run = () => {
      const p = new Float32Array(1000).map((_, i) => Math.sin(i));
      const opt = new Adam(
        [{ name: 'p', params: p, lr: cosineDecay({ initial: 0.01, steps: 20, warmupSteps: 2 }) }],
        { eps: 1e-15 },
      );
      for (let s = 0; s < 20; s++) opt.step({ p: p.map((x, i) => Math.cos(x * (s + 1) + i)) });
      return p;
    };
    expect(Array.from(run())).toEqual(Array.from(run()));
  });

  it('remaps moments when the item count changes (densification)', () => {
    const p = new Float32Array([0, 0, 0, 0, 0, 0]); // 3 items of 2
    const opt = new Adam([{ name: 'x', params: p, lr: 0.1 }]);
    opt.step({ x: new Float32Array([1, 1, -1, -1, 2, 2]) });
    const q = new Float32Array([p[4]!, p[5]!, 0, 0, p[0]!, p[1]!, p[0]!, p[1]!]); // item 2, a newborn, item 0 twice
    opt.remapGroup('x', q, Int32Array.from([2, -1, 0, 0]), 2);
    opt.step({ x: new Float32Array([2, 2, 5, 5, 1, 1, 1, 1]) });
    // The newborn's first update is a full-size Adam step of the carried step count (t = 2).
    const m = 0.1 * 5,
      v = 0.001 * 25;
    expect(q[2]).toBeCloseTo(
      (-(0.1 / (1 - 0.81)) * m) / (Math.sqrt(v) / Math.sqrt(1 - 0.999 ** 2) + 1e-8),
      5,
    );
    // The copies of item 0 moved alike, from where item 0 was.
    expect(q[4]).toBeCloseTo(q[6]!, 7);
    expect(() => opt.remapGroup('x', new Float32Array(4), Int32Array.from([5, 0]), 2)).toThrow(
      /out of range/,
    );
  });
});

describe('schedules', () => {
  it('exponential decay runs log-linearly from initial to final, as 3DGS', () => {
    const s = exponentialDecay({ initial: 1.6e-4, final: 1.6e-6, steps: 30_000 });
    expect(s(0)).toBeCloseTo(1.6e-4, 15);
    expect(s(15_000)).toBeCloseTo(1.6e-5, 15);
    expect(s(30_000)).toBeCloseTo(1.6e-6, 15);
    expect(s(60_000)).toBeCloseTo(1.6e-6, 15);
    const delayed = exponentialDecay({
      initial: 1,
      final: 1,
      steps: 10,
      delaySteps: 4,
      delayMultiplier: 0.01,
    });
    expect(delayed(0)).toBeCloseTo(0.01, 12);
    expect(delayed(2)).toBeCloseTo(0.01 + 0.99 * Math.sin(Math.PI / 4), 12);
    expect(delayed(4)).toBeCloseTo(1, 12);
  });

  it('cosine decay warms up linearly, then follows half a cosine to final', () => {
    const s = cosineDecay({ initial: 1, final: 0.1, steps: 12, warmupSteps: 2 });
    expect(s(0)).toBeCloseTo(1 / 3, 12);
    expect(s(1)).toBeCloseTo(2 / 3, 12);
    expect(s(2)).toBeCloseTo(1, 12);
    expect(s(7)).toBeCloseTo(0.55, 12);
    expect(s(12)).toBeCloseTo(0.1, 12);
    expect(s(100)).toBeCloseTo(0.1, 12);
    expect(constantRate(0.3)(99)).toBe(0.3);
  });
});
