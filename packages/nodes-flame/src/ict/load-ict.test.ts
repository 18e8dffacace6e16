import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkValue, HeadModel, type HeadParams } from '@ffavatar/core';
import { evaluateHead, neutralHeadParams } from '@ffavatar/core/geometry';
import { readNpz, writeNpz } from '@ffavatar/core/io';
import { resolveAsset } from '@ffavatar/core/node';
import { ictModel } from '../test-support/ict-asset.js';
import { random } from '../test-support/random.js';
import { ICT_ASSET, ICT_RIGID_TOLERANCE, loadIctFaceKit } from './load-ict.js';

const model = ictModel();
const region = (name: string) => model.regionNames!.indexOf(name);

function withExpression(weights: Record<string, number>): HeadParams {
  const p = neutralHeadParams(model);
  for (const [name, w] of Object.entries(weights)) p.expression[model.expressionNames.indexOf(name)] = w;
  return p;
}

function displacement(a: Float32Array, b: Float32Array, v: number): number {
  return Math.hypot(a[v * 3]! - b[v * 3]!, a[v * 3 + 1]! - b[v * 3 + 1]!, a[v * 3 + 2]! - b[v * 3 + 2]!);
}

describe('ICT-FaceKit Light loader', () => {
  it("loads the shared asset into a valid HeadModel with the README's sizes", () => {
    expect(checkValue(HeadModel, model)).toBeNull();
    expect(model).toMatchObject({
      name: 'ict-facekit-light',
      vertexCount: 24591,
      triangleCount: 48836,
      identityCount: 100,
      expressionCount: 53,
      expressionRange: 'unit',
    });
    expect(model.uv!.count).toBe(26783);
    expect(model.regionNames).toEqual([
      'face',
      'head_neck',
      'mouth_socket',
      'eye_socket_left',
      'eye_socket_right',
      'gums_tongue',
      'teeth',
      'eyeball_left',
      'eyeball_right',
    ]);
    // The file lists 1487; those an expression moves by more than 1 mm are dropped (see ICT_RIGID_TOLERANCE).
    expect(model.rigidVertices!.length).toBe(1223);
    expect(model.expressionNames).toContain('jawOpen');
  });

  it('embeds each lmk68 vertex as a triangle corner with weight 1', () => {
    const path = resolveAsset(ICT_ASSET);
    const lmk = readNpz(new Uint8Array(readFileSync(path)), path, { keys: ['lmk68'] }).lmk68!
      .data as Int32Array;
    const lm = model.landmarks!;
    expect(lm.scheme).toBe('ibug68');
    for (let l = 0; l < 68; l++) {
      const k = [0, 1, 2].find((c) => lm.barycentrics[l * 3 + c] === 1)!;
      expect(lm.barycentrics.subarray(l * 3, l * 3 + 3).reduce((a, b) => a + b, 0)).toBe(1);
      expect(model.triangles[lm.triangles[l]! * 3 + k]).toBe(lmk[l]);
    }
  });

  it('neutral params give the template exactly', () => {
    const mesh = evaluateHead(model, neutralHeadParams(model));
    expect(mesh.vertices.every((x, i) => x === model.template[i])).toBe(true);
    // Outward normals: the nose tip (landmark 30) faces +z, the chin (8) faces down and forward.
    const tip = model.triangles[model.landmarks!.triangles[30]! * 3]!;
    expect(mesh.normals![tip * 3 + 2]).toBeGreaterThan(0.8);
  });

  it('jawOpen = 1 drops the chin and moves mouth vertices; the skull (rigid vertices) stays still', () => {
    const neutral = evaluateHead(model, neutralHeadParams(model)).vertices;
    const open = evaluateHead(model, withExpression({ jawOpen: 1 })).vertices;
    const chin =
      model.triangles[
        model.landmarks!.triangles[8]! * 3 +
          [0, 1, 2].find((k) => model.landmarks!.barycentrics[8 * 3 + k] === 1)!
      ]!;
    expect(neutral[chin * 3 + 1]! - open[chin * 3 + 1]!).toBeGreaterThan(0.01); // more than 1 cm down
    let rigidMax = 0;
    for (const v of model.rigidVertices!) rigidMax = Math.max(rigidMax, displacement(open, neutral, v));
    expect(rigidMax).toBeLessThanOrEqual(ICT_RIGID_TOLERANCE);
    let skullMax = 0;
    for (const v of model.rigidVertices!)
      if (model.regions![v] === region('head_neck'))
        skullMax = Math.max(skullMax, displacement(open, neutral, v));
    expect(skullMax).toBeLessThan(3e-4);
    // Most teeth and gums vertices move (the lower set); the face region's lower part moves, its upper part does not.
    const moved = (r: number, pred: (v: number) => boolean = () => true) => {
      let n = 0,
        m = 0;
      for (let v = 0; v < model.vertexCount; v++) {
        if (model.regions![v] !== r || !pred(v)) continue;
        n++;
        if (displacement(open, neutral, v) > 1e-3) m++;
      }
      return m / n;
    };
    expect(moved(region('teeth'))).toBeGreaterThan(0.3);
    expect(
      moved(region('face'), (v) => neutral[v * 3 + 1]! < -0.06 && neutral[v * 3 + 2]! > 0.06),
    ).toBeGreaterThan(0.9);
    expect(moved(region('face'), (v) => neutral[v * 3 + 1]! > 0.06)).toBe(0);
    expect(moved(region('eyeball_left'))).toBe(0);
  });

  it('matches a direct per-vertex computation on random params (rotation and translation included)', () => {
    const rnd = random(3);
    const p: HeadParams = {
      model: model.name,
      identity: Float32Array.from({ length: 100 }, () => rnd()),
      expression: Float32Array.from({ length: 53 }, () => 0.5 + 0.5 * rnd()),
      rotation: new Float32Array([0.1, -0.3, 0.05]),
      translation: new Float32Array([0.01, -0.02, 0.5]),
    };
    const got = evaluateHead(model, p).vertices;
    const [rx, ry, rz] = p.rotation as unknown as [number, number, number];
    const t = Math.hypot(rx, ry, rz),
      k = [rx / t, ry / t, rz / t] as const,
      c = Math.cos(t),
      s = Math.sin(t);
    let worst = 0;
    for (let v = 0; v < model.vertexCount; v += 7) {
      const q = [0, 1, 2].map((a) => {
        const row = v * 3 + a;
        let x = model.template[row]!;
        for (let i = 0; i < 100; i++) x += model.identityBasis[row * 100 + i]! * p.identity[i]!;
        for (let e = 0; e < 53; e++) x += model.expressionBasis[row * 53 + e]! * p.expression[e]!;
        return x;
      }) as [number, number, number];
      // Rodrigues' rotation formula on the vector: q c + (k x q) s + k (k.q)(1 - c).
      const kq = k[0] * q[0] + k[1] * q[1] + k[2] * q[2];
      const cross = [k[1] * q[2] - k[2] * q[1], k[2] * q[0] - k[0] * q[2], k[0] * q[1] - k[1] * q[0]];
      for (let a = 0; a < 3; a++) {
        const x = q[a]! * c + cross[a]! * s + k[a]! * kq * (1 - c) + p.translation[a]!;
        worst = Math.max(worst, Math.abs(x - got[v * 3 + a]!));
      }
    }
    expect(worst).toBeLessThan(2e-6);
  });

  it('names the file and the key when the npz is not the ICT layout', () => {
    const bytes = readFileSync(resolveAsset(ICT_ASSET));
    const arrays = readNpz(new Uint8Array(bytes), 'ict', { keys: ['v_template', 'f'] });
    expect(() => loadIctFaceKit(writeNpz(arrays), 'partial.npz')).toThrow(
      "partial.npz: no array named 'shapedirs' (have: v_template, f)",
    );
  });
});
