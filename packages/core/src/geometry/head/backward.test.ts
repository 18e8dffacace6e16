import { describe, expect, it } from 'vitest';
import type { HeadModel, HeadParams } from '../../engine/ports/head.js';
import { headParamsBackward } from './backward.js';
import { evaluateHead } from './evaluate.js';
import { neutralHeadParams } from './params.js';
import { random, syntheticModel } from './synthetic.test-support.js';

/** A linear loss L = G . x of the posed vertices, so dL/dx = G. */
function loss(model: HeadModel, p: HeadParams, G: Float64Array): number {
  const x = evaluateHead(model, p).vertices;
  let s = 0;
  for (let k = 0; k < x.length; k++) s += G[k]! * x[k]!;
  return s;
}

/** Richardson-extrapolated central difference (error O(h^4)): evaluation is f32, so h stays large. */
function numeric(f: (d: number) => number, h = 1e-2): number {
  return (8 * (f(h / 2) - f(-h / 2)) - (f(h) - f(-h))) / (6 * h);
}

function randomParams(model: HeadModel, seed: number): HeadParams {
  const rnd = random(seed);
  const p = neutralHeadParams(model);
  p.identity.forEach((_, i) => (p.identity[i] = rnd()));
  p.expression.forEach((_, i) => (p.expression[i] = rnd()));
  p.rotation.set([0.3 * rnd(), 0.3 * rnd(), 0.3 * rnd()]);
  p.translation.set([0.05 * rnd(), 0.05 * rnd(), 0.05 * rnd()]);
  p.jointRotations?.forEach((_, i) => (p.jointRotations![i] = 0.2 * rnd()));
  return p;
}

type Field = 'identity' | 'expression' | 'rotation' | 'translation' | 'jointRotations';

describe.each([
  ['unskinned (ICT-like)', false],
  ['skinned (FLAME-like)', true],
])('headParamsBackward, %s', (_, skinned) => {
  const model = syntheticModel({ V: 30, I: 4, E: 3, skinned, seed: 7 });
  const params = randomParams(model, 11);
  const rnd = random(5);
  const G = Float64Array.from({ length: model.vertexCount * 3 }, () => rnd());
  const grad = headParamsBackward(model, params, G);
  const fields: Field[] = ['identity', 'expression', 'rotation', 'translation'];
  if (skinned) fields.push('jointRotations');

  it.each(fields)('%s matches central differences', (field) => {
    const analytic = grad[field]!;
    const base = params[field]!;
    expect(analytic.length).toBe(base.length);
    let worst = 0;
    for (let k = 0; k < base.length; k++) {
      // Quadratic at most in identity and expression (a shape times a joint offset): any step is exact.
      const h = field === 'identity' || field === 'expression' ? 0.5 : 1e-2;
      const fd = numeric((d) => {
        const arr = Float32Array.from(base);
        arr[k] = arr[k]! + d;
        return loss(model, { ...params, [field]: arr }, G);
      }, h);
      const err = Math.abs(analytic[k]! - fd) / Math.max(1e-3, Math.abs(fd));
      worst = Math.max(worst, err);
    }
    expect(worst).toBeLessThan(1e-3);
  });

  it('adds into the output, so views sum', () => {
    const twice = headParamsBackward(model, params, G, headParamsBackward(model, params, G));
    expect(twice.expression[0]).toBeCloseTo(2 * grad.expression[0]!, 10);
  });

  it('gives the same with the posed vertices passed in, and skips the groups it is told to', () => {
    const posed = evaluateHead(model, params).vertices;
    const fast = headParamsBackward(model, params, G, undefined, { posed, identity: false });
    expect(fast.identity.every((x) => x === 0)).toBe(true);
    for (let k = 0; k < grad.expression.length; k++)
      expect(fast.expression[k]).toBeCloseTo(grad.expression[k]!, 6);
    for (let k = 0; k < 3; k++) expect(fast.rotation[k]).toBeCloseTo(grad.rotation[k]!, 5);
  });

  it('refuses a gradient of the wrong size, naming both sizes', () => {
    expect(() => headParamsBackward(model, params, new Float64Array(5))).toThrow(/5 gradient values.*90/);
  });
});
