import { describe, expect, it } from 'vitest';
import type { HeadModel, HeadParams } from '../../engine/ports/head.js';
import { checkValue } from '../../engine/ports/port-type.js';
import {
  HeadModel as HeadModelType,
  HeadParams as HeadParamsType,
  Tracking,
} from '../../engine/ports/head.js';
import { evaluateHead, evaluateHeadBatch } from './evaluate.js';
import { batchHeadParams, neutralHeadParams } from './params.js';
import { headModelProblems } from './check-model.js';
import { landmarkPositions, landmarkVertices } from './landmarks.js';
import { random, syntheticModel } from './synthetic.test-support.js';

/** Rotation matrix from axis-angle by the textbook formula (unit axis), as nested arrays. */
function rot(v: ArrayLike<number>, o = 0): number[][] {
  const x = v[o]!,
    y = v[o + 1]!,
    z = v[o + 2]!,
    t = Math.hypot(x, y, z);
  if (t === 0)
    return [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
  const [kx, ky, kz] = [x / t, y / t, z / t],
    c = Math.cos(t),
    s = Math.sin(t),
    C = 1 - c;
  return [
    [c + kx * kx * C, kx * ky * C - kz * s, kx * kz * C + ky * s],
    [ky * kx * C + kz * s, c + ky * ky * C, ky * kz * C - kx * s],
    [kz * kx * C - ky * s, kz * ky * C + kx * s, c + kz * kz * C],
  ];
}
const mul = (A: number[][], B: number[][]) =>
  A.map((r) => B[0]!.map((_, c) => r.reduce((s, a, k) => s + a * B[k]![c]!, 0)));
const apply = (M: number[][], p: number[]) =>
  M.map((r) => r[0]! * p[0]! + r[1]! * p[1]! + r[2]! * p[2]! + (r[3] ?? 0));
const hom = (R: number[][], t: number[]) => [...R.map((r, i) => [...r, t[i]!]), [0, 0, 0, 1]];

/** The model evaluated the slow, obvious way: one vertex at a time, 4x4 matrices for the tree. */
function direct(model: HeadModel, p: HeadParams): Float32Array {
  const V = model.vertexCount,
    I = model.identityCount,
    E = model.expressionCount;
  const shaped = Array.from({ length: V }, (_, v) =>
    [0, 1, 2].map((a) => {
      let x = model.template[v * 3 + a]!;
      for (let i = 0; i < I; i++) x += model.identityBasis[(v * 3 + a) * I + i]! * p.identity[i]!;
      for (let e = 0; e < E; e++) x += model.expressionBasis[(v * 3 + a) * E + e]! * p.expression[e]!;
      return x;
    }),
  );
  const G = rot(p.rotation);
  const out = new Float32Array(V * 3);
  const s = model.skinning;
  if (!s) {
    shaped.forEach((q, v) =>
      out.set(
        apply(G, q).map((x, a) => x + p.translation[a]!),
        v * 3,
      ),
    );
    return out;
  }
  const J = s.jointCount;
  const joints = Array.from({ length: J }, (_, j) =>
    [0, 1, 2].map((a) => shaped.reduce((acc, q, v) => acc + s.jointRegressor[j * V + v]! * q[a]!, 0)),
  );
  const Rs = Array.from({ length: J }, (_, j) => rot(p.jointRotations ?? new Float32Array(J * 3), j * 3));
  const feat = Rs.slice(1).flatMap((R) => R.flat().map((x, k) => x - (k % 4 === 0 ? 1 : 0)));
  const world: number[][][] = [];
  for (let j = 0; j < J; j++) {
    const par = s.parents[j]!;
    const local = hom(Rs[j]!, par < 0 ? joints[j]! : joints[j]!.map((x, a) => x - joints[par]![a]!));
    world.push(par < 0 ? local : mul(world[par]!, local));
  }
  const A = world.map((W, j) =>
    mul(
      W,
      hom(
        [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
        joints[j]!.map((x) => -x),
      ),
    ),
  );
  for (let v = 0; v < V; v++) {
    const q = shaped[v]!.map(
      (x, a) => x + feat.reduce((acc, f, k) => acc + s.poseBasis![(v * 3 + a) * feat.length + k]! * f, 0),
    );
    const M = [0, 1, 2].map((r) =>
      [0, 1, 2, 3].map((c) => A.reduce((acc, Aj, j) => acc + s.weights[v * J + j]! * Aj[r]![c]!, 0)),
    );
    out.set(
      apply(G, apply(M, q)).map((x, a) => x + p.translation[a]!),
      v * 3,
    );
  }
  return out;
}

function randomParams(model: HeadModel, seed: number, scale = 1): HeadParams {
  const rnd = random(seed),
    J = model.skinning?.jointCount ?? 0;
  return {
    model: model.name,
    identity: Float32Array.from({ length: model.identityCount }, () => 2 * rnd()),
    expression: Float32Array.from({ length: model.expressionCount }, () => 2 * rnd()),
    rotation: Float32Array.from({ length: 3 }, () => 0.5 * rnd() * scale),
    translation: Float32Array.from({ length: 3 }, () => 0.1 * rnd()),
    ...(J ? { jointRotations: Float32Array.from({ length: J * 3 }, () => 0.4 * rnd() * scale) } : {}),
  };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('evaluateHead', () => {
  for (const skinned of [false, true]) {
    const kind = skinned ? 'skinned (blendshapes, pose correctives, LBS)' : 'blendshape';
    it(`matches a direct per-vertex computation on random params: ${kind} model`, () => {
      const model = syntheticModel({ skinned, seed: skinned ? 2 : 3 });
      expect(headModelProblems(model)).toEqual([]);
      for (const seed of [10, 11, 12]) {
        const p = randomParams(model, seed);
        expect(maxAbsDiff(evaluateHead(model, p).vertices, direct(model, p))).toBeLessThan(1e-6);
      }
    });

    it(`returns the template at neutral params: ${kind} model`, () => {
      const model = syntheticModel({ skinned });
      const mesh = evaluateHead(model, neutralHeadParams(model));
      expect(maxAbsDiff(mesh.vertices, model.template)).toBeLessThan(1e-7);
      expect(mesh.triangles).not.toBe(model.triangles);
    });

    it(`evaluates a batch, a vertex subset and sparse coefficients like single sets: ${kind} model`, () => {
      const model = syntheticModel({ skinned, seed: 4 });
      const list = [randomParams(model, 1), neutralHeadParams(model), randomParams(model, 2, 0)];
      list[2]!.identity.fill(0);
      list[2]!.expression.fill(0, 1); // one active expression column: the gather path
      const batch = evaluateHeadBatch(model, batchHeadParams(model, list), { normals: true });
      const subset = new Uint32Array([7, 0, 31]);
      const sub = evaluateHeadBatch(model, batchHeadParams(model, list), { vertices: subset });
      const V = model.vertexCount;
      list.forEach((p, b) => {
        const one = evaluateHead(model, p);
        expect(maxAbsDiff(batch.positions.subarray(b * V * 3, (b + 1) * V * 3), one.vertices)).toBe(0);
        expect(maxAbsDiff(batch.normals!.subarray(b * V * 3, (b + 1) * V * 3), one.normals!)).toBe(0);
        subset.forEach((v, s) =>
          expect(
            maxAbsDiff(
              sub.positions.subarray((b * 3 + s) * 3, (b * 3 + s) * 3 + 3),
              one.vertices.subarray(v * 3, v * 3 + 3),
            ),
          ).toBe(0),
        );
        expect(maxAbsDiff(one.vertices, direct(model, p))).toBeLessThan(1e-6);
      });
    });
  }

  it('refuses params made for another model or with the wrong sizes, naming the field', () => {
    const model = syntheticModel();
    expect(() => evaluateHead(model, { ...neutralHeadParams(model), model: 'flame' })).toThrow(
      /belong to model "flame"/,
    );
    expect(() =>
      evaluateHead(model, { ...neutralHeadParams(model), expression: new Float32Array(5) }),
    ).toThrow(/expression has 5 values, the model has 3/);
    expect(() =>
      evaluateHeadBatch(model, batchHeadParams(model, [neutralHeadParams(model)]), {
        normals: true,
        vertices: new Uint32Array([1]),
      }),
    ).toThrow(/normals need every vertex/);
  });

  it('computes unit, outward, area-weighted normals', () => {
    // Two triangles meeting at vertex 0: a large one in the z = 0 plane, a small one in x = 0.
    const model = { ...syntheticModel({ V: 5, I: 0, E: 0 }) };
    model.template = new Float32Array([0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 0.1, 0, -0.1, 0]);
    model.triangles = new Uint32Array([0, 1, 2, 0, 3, 4, 1, 2, 0]);
    model.identityBasis = new Float32Array(0);
    model.expressionBasis = new Float32Array(0);
    const n = evaluateHead(model, neutralHeadParams(model)).normals!;
    // Vertex 1: only the z = 0 triangles -> +z. Vertex 0: area 2 + 2 toward +z, 0.005 toward +x.
    expect(Array.from(n.subarray(3, 6))).toEqual([0, 0, 1]);
    const expected = [0.01, 0, 8].map((x) => x / Math.hypot(0.01, 8));
    expect(maxAbsDiff(n.subarray(0, 3), expected)).toBeLessThan(1e-6);
  });

  it('rotates rigidly about the origin, then translates (global transform last)', () => {
    const model = syntheticModel({ skinned: true });
    const p = {
      ...neutralHeadParams(model),
      rotation: new Float32Array([0, 0, Math.PI / 2]),
      translation: new Float32Array([1, 2, 3]),
    };
    const v = evaluateHead(model, p).vertices;
    const t = model.template;
    for (let i = 0; i < model.vertexCount; i++) {
      expect(v[i * 3]).toBeCloseTo(-t[i * 3 + 1]! + 1, 6);
      expect(v[i * 3 + 1]).toBeCloseTo(t[i * 3]! + 2, 6);
      expect(v[i * 3 + 2]).toBeCloseTo(t[i * 3 + 2]! + 3, 6);
    }
  });

  it('places landmarks through the triangle + barycentric embedding, also on a vertex subset', () => {
    const model = syntheticModel({ skinned: true });
    const p = randomParams(model, 5);
    const full = evaluateHead(model, p).vertices;
    const lm = landmarkPositions(model, full);
    const [a, b, c] = [model.triangles[0]!, model.triangles[1]!, model.triangles[2]!];
    for (let ax = 0; ax < 3; ax++)
      expect(lm[ax]).toBeCloseTo(
        0.2 * full[a * 3 + ax]! + 0.3 * full[b * 3 + ax]! + 0.5 * full[c * 3 + ax]!,
        6,
      );
    const subset = landmarkVertices(model);
    const sub = evaluateHeadBatch(model, batchHeadParams(model, [p]), { vertices: subset });
    expect(maxAbsDiff(landmarkPositions(model, sub.positions, { vertices: subset }), lm)).toBeLessThan(1e-7);
  });
});

describe('head port types', () => {
  it('check sizes of every basis and name the field', () => {
    const model = syntheticModel({ skinned: true });
    expect(checkValue(HeadModelType, model)).toBeNull();
    expect(checkValue(HeadModelType, { ...model, expressionBasis: new Float32Array(7) })).toBe(
      'not a valid HeadModel at expressionBasis: expected [V * 3, E] f32 (360 values), got 7',
    );
    expect(
      checkValue(HeadModelType, { ...model, skinning: { ...model.skinning!, weights: new Float32Array(3) } }),
    ).toMatch(/at skinning.weights: expected \[V, J\] f32/);
    expect(
      checkValue(HeadParamsType, { ...neutralHeadParams(model), rotation: new Float32Array(4) }),
    ).toMatch(/at rotation: expected \[3\] f32/);
  });

  it('Tracking holds one subject: frames agree on model and identity', () => {
    const model = syntheticModel();
    const camera = {
      width: 4,
      height: 4,
      fx: 1,
      fy: 1,
      cx: 2,
      cy: 2,
      rotation: new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]),
      translation: new Float64Array(3),
    };
    const p = neutralHeadParams(model);
    expect(
      checkValue(Tracking, {
        frames: [
          { camera, params: p },
          { camera, params: { ...p, expression: new Float32Array([1, 0, 0]) } },
        ],
      }),
    ).toBeNull();
    expect(
      checkValue(Tracking, {
        frames: [
          { camera, params: p },
          { camera, params: { ...p, identity: new Float32Array([1, 0, 0, 0]) } },
        ],
      }),
    ).toMatch(/frames.1.params.identity: frame 1 has a different identity/);
  });

  it('headModelProblems finds indices out of range and a tree out of order', () => {
    const model = syntheticModel({ skinned: true });
    const bad = {
      ...model,
      triangles: model.triangles.map((x, i) => (i === 4 ? 99 : x)),
      skinning: { ...model.skinning!, parents: new Int32Array([-1, 2, 0, 1, 1]) },
    };
    expect(headModelProblems(bad)).toEqual([
      'triangles: index 99 out of range (40 vertices)',
      'skinning.parents: joint 1 (neck) has parent 2; parents must come before their children',
    ]);
  });
});
