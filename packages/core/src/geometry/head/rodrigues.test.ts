import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../engine/values/seeded-random.js';
import { matrixToAxisAngle, rodrigues } from './rodrigues.js';

describe('rodrigues', () => {
  it('turns x into y for a quarter turn about z, and is orthonormal for any vector', () => {
    const R = new Float64Array(9);
    rodrigues(0, 0, Math.PI / 2, R);
    expect(Array.from(R).map((x) => Math.round(x * 1e12) / 1e12 + 0)).toEqual([0, -1, 0, 1, 0, 0, 0, 0, 1]);
    rodrigues(0.3, -1.2, 2.1, R);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const d = R[i * 3]! * R[j * 3]! + R[i * 3 + 1]! * R[j * 3 + 1]! + R[i * 3 + 2]! * R[j * 3 + 2]!;
        expect(d).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
    // The axis is left in place.
    const ax = [0.3, -1.2, 2.1];
    for (let i = 0; i < 3; i++)
      expect(R[i * 3]! * ax[0]! + R[i * 3 + 1]! * ax[1]! + R[i * 3 + 2]! * ax[2]!).toBeCloseTo(ax[i]!, 12);
  });

  it('is continuous through the small-angle branch', () => {
    const a = new Float64Array(9),
      b = new Float64Array(9);
    rodrigues(0, 9.99e-7, 0, a);
    rodrigues(0, 1.001e-6, 0, b);
    for (let k = 0; k < 9; k++) expect(Math.abs(a[k]! - b[k]!)).toBeLessThan(1e-8);
  });
});

describe('matrixToAxisAngle', () => {
  it('inverts Rodrigues, near 0 and near pi too', () => {
    const r = seededRandom(2);
    const rand = () => r() * 2 - 1;
    const R = new Float64Array(9);
    for (const v of [
      [0.3, -0.2, 0.9],
      [1e-8, 0, 0],
      [0, 3.1, 0],
      [Math.PI - 1e-4, 0, 0],
      ...Array.from({ length: 20 }, () => [rand() * 1.5, rand() * 1.5, rand() * 1.5]),
    ]) {
      rodrigues(v[0]!, v[1]!, v[2]!, R);
      const back = matrixToAxisAngle(R);
      const R2 = new Float64Array(9);
      rodrigues(back[0], back[1], back[2], R2);
      for (let i = 0; i < 9; i++) expect(R2[i]!).toBeCloseTo(R[i]!, 5);
    }
  });
});
