import { describe, expect, it } from 'vitest';
import { checkValue, HeadModel } from '@ffavatar/core';
import { evaluateHead, neutralHeadParams } from '@ffavatar/core/geometry';
import { readNpz } from '@ffavatar/core/io';
import { tinyFaceX } from '../test-support/facex-checkout.js';
import { buildIctNpz } from './build-ict.js';
import { loadIctFaceKit } from './load-ict.js';
import { parseObj } from './obj.js';

describe('buildIctNpz', () => {
  it('converts a FaceXModel folder to the asset layout the ICT loader reads', () => {
    const files = tinyFaceX();
    const progress: number[] = [];
    const bytes = buildIctNpz(
      (name) => files.get(name),
      (done) => progress.push(done),
    );
    expect(progress).toEqual([1, 2, 3, 4]);
    const npz = readNpz(bytes, 'built');
    expect(Object.keys(npz).sort()).toEqual([
      'expr_names',
      'exprdirs',
      'f',
      'ft',
      'lmk68',
      'region',
      'region_names',
      'rigid_verts',
      'shapedirs',
      'v_template',
      'vt',
    ]);
    expect(npz.shapedirs!.dtype).toBe('f16');
    expect(npz.shapedirs!.shape).toEqual([5, 3, 2]);
    // Fan triangulation of the quad, then the triangle; vt: the 5 coordinates the faces use.
    expect(Array.from(npz.f!.data as Int32Array)).toEqual([0, 1, 2, 0, 2, 3, 3, 2, 4]);
    expect(npz.vt!.shape).toEqual([5, 2]);
    expect(Array.from(npz.rigid_verts!.data as Int32Array)).toEqual([0, 1]);

    const model = loadIctFaceKit(bytes, 'built.npz');
    expect(checkValue(HeadModel, model)).toBeNull();
    expect(model.expressionNames).toEqual(['jawOpen', 'eyeBlink_L']);
    expect(Array.from(model.template.subarray(12, 15))).toEqual(
      [0.05, 0.15, 0].map((x) => expect.closeTo(x, 6)),
    );
    const p = neutralHeadParams(model);
    p.expression[0] = 1;
    p.identity[1] = 1;
    const v = evaluateHead(model, p).vertices;
    expect(v[13]).toBeCloseTo(0.15 - 0.03 + 0.02, 4); // metres: jawOpen -3 cm, identity001 +2 cm
    expect(model.regionNames![model.regions![4]!]).toBe('face');
  });

  it('names the missing file or bad entry', () => {
    const files = tinyFaceX();
    files.delete('jawOpen.obj');
    expect(() => buildIctNpz((n) => files.get(n))).toThrow(
      'FaceXModel/jawOpen.obj is missing: is this an ICT-FaceKit checkout?',
    );
    const short = tinyFaceX();
    short.set('identity001.obj', 'v 0 0 0\n');
    expect(() => buildIctNpz((n) => short.get(n))).toThrow(
      'identity001.obj: 1 vertices, the neutral mesh has 5',
    );
    expect(() => parseObj('v 0 0 0\nf 1 2 3\n', 'x.obj')).toThrow(
      'x.obj:2: index 2 refers to no element (1 so far)',
    );
  });
});
