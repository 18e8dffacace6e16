import { describe, expect, it } from 'vitest';
import { ictModel } from '../test-support/ict-asset.js';
import { random } from '../test-support/random.js';
import { ARKIT_52 } from './arkit-names.js';
import { ARKIT_TO_ICT } from './arkit-ict-table.js';
import { arkitToIct, motionToArkit } from './arkit-ict.js';

describe('ARKit-52 <-> ICT-FaceKit', () => {
  const model = ictModel();
  const ict = model.expressionNames;

  it('the table covers ARKit-52 once and every ICT name exactly once', () => {
    expect(new Set(ARKIT_52).size).toBe(52);
    const targets = ARKIT_52.flatMap((a) => ARKIT_TO_ICT[a]);
    expect([...targets].sort()).toEqual([...ict].sort());
    expect(ARKIT_52.filter((a) => ARKIT_TO_ICT[a].length === 1)).toHaveLength(49);
    expect(ARKIT_52.filter((a) => ARKIT_TO_ICT[a].length === 0)).toEqual(['tongueOut']);
  });

  it("ICT's _L is the subject's left (+x, face along +z), as ARKit's Left", () => {
    const E = model.expressionCount,
      V = model.template.length / 3;
    const meanX = (name: string) => {
      const k = ict.indexOf(name);
      let sx = 0,
        w = 0;
      for (let v = 0; v < V; v++) {
        const d = Math.hypot(...[0, 1, 2].map((a) => model.expressionBasis[(v * 3 + a) * E + k]!));
        sx += d * model.template[v * 3]!;
        w += d;
      }
      return sx / w;
    };
    // The face looks along +z: the nose tip is the most forward landmark region.
    let zmax = -Infinity,
      xAtZmax = 0;
    for (let v = 0; v < V; v++)
      if (model.template[v * 3 + 2]! > zmax)
        [zmax, xAtZmax] = [model.template[v * 3 + 2]!, model.template[v * 3]!];
    expect(Math.abs(xAtZmax)).toBeLessThan(0.01);
    for (const [l, r] of [
      ['eyeBlink_L', 'eyeBlink_R'],
      ['mouthSmile_L', 'mouthSmile_R'],
      ['browOuterUp_L', 'browOuterUp_R'],
    ] as const) {
      expect(meanX(l)).toBeGreaterThan(0.01);
      expect(meanX(r)).toBeLessThan(-0.01);
    }
  });

  it('ICT -> ARKit -> ICT: exact for the 49 one-to-one shapes; merged pairs report their error', () => {
    const rand = random(7);
    const T = 200;
    const expression = Float32Array.from({ length: T * ict.length }, () => (rand() + 1) / 2);
    const motion = {
      fps: 30,
      frames: T,
      expressionNames: [...ict],
      expression,
      rotation: new Float32Array(T * 3),
    };
    const arkit = motionToArkit(motion);
    const back = arkitToIct(arkit.expression, T, arkit.expressionNames, ict);
    const merged = new Set(['browInnerUp_L', 'browInnerUp_R', 'cheekPuff_L', 'cheekPuff_R']);
    let maxMerged = 0,
      sq = 0,
      n = 0;
    for (let t = 0; t < T; t++)
      ict.forEach((name, e) => {
        const d = Math.abs(back[t * ict.length + e]! - expression[t * ict.length + e]!);
        if (merged.has(name)) {
          maxMerged = Math.max(maxMerged, d);
          sq += d * d;
          n++;
        } else expect(d).toBe(0);
      });
    // Uniform independent sides: |L - R| / 2 has RMS 1/sqrt(24) = 0.204.
    console.log(
      `merged ICT pairs after ICT -> ARKit -> ICT: RMS ${Math.sqrt(sq / n).toFixed(3)}, max ${maxMerged.toFixed(3)}`,
    );
    expect(Math.sqrt(sq / n)).toBeGreaterThan(0.15);
    expect(Math.sqrt(sq / n)).toBeLessThan(0.26);
    // Symmetric sides (what ARKit can express) come back exactly.
    const sym = Float32Array.from(expression);
    for (let t = 0; t < T; t++)
      for (const [l, r] of [
        ['browInnerUp_L', 'browInnerUp_R'],
        ['cheekPuff_L', 'cheekPuff_R'],
      ])
        sym[t * ict.length + ict.indexOf(r!)] = sym[t * ict.length + ict.indexOf(l!)]!;
    const a2 = motionToArkit({ ...motion, expression: sym });
    expect(arkitToIct(a2.expression, T, a2.expressionNames, ict)).toEqual(sym);
  });

  it('ARKit -> ICT -> ARKit is exact except tongueOut (ICT has none)', () => {
    const rand = random(3);
    const T = 50;
    const expression = Float32Array.from({ length: T * 52 }, () => (rand() + 1) / 2);
    const onIct = arkitToIct(expression, T, ARKIT_52, ict);
    const back = motionToArkit({
      fps: 30,
      frames: T,
      expressionNames: [...ict],
      expression: onIct,
      rotation: new Float32Array(T * 3),
    });
    const tongue = ARKIT_52.indexOf('tongueOut');
    for (let i = 0; i < T * 52; i++) expect(back.expression[i]).toBe(i % 52 === tongue ? 0 : expression[i]);
  });

  it('refuses names that are neither ARKit nor ICT', () => {
    const m = {
      fps: 30,
      frames: 1,
      expressionNames: ['exp0'],
      expression: new Float32Array(1),
      rotation: new Float32Array(3),
    };
    expect(() => motionToArkit(m)).toThrow(/neither ARKit-52 nor ICT-FaceKit/);
  });
});
