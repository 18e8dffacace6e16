import { describe, expect, it } from 'vitest';
import { checkValue, HeadModel, type HeadParams } from '@ffavatar/core';
import { evaluateHead, neutralHeadParams } from '@ffavatar/core/geometry';
import { writeNpz } from '@ffavatar/core/io';
import { directFlame, flameNpz, syntheticFlame, type RawFlame } from '../test-support/synthetic-flame.js';
import { random } from '../test-support/random.js';
import { loadFlame } from './load-flame.js';

const raw = syntheticFlame();
const model = loadFlame(flameNpz(raw), 'synthetic-flame.npz', { shapeCount: raw.S });

function params(betas: number[], pose: number[], rot = [0, 0, 0], trans = [0, 0, 0]): HeadParams {
  return {
    model: 'flame',
    identity: Float32Array.from(betas.slice(0, raw.S)),
    expression: Float32Array.from(betas.slice(raw.S)),
    rotation: Float32Array.from(rot),
    translation: Float32Array.from(trans),
    jointRotations: Float32Array.from(pose),
  };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Vertices whose weight on joint j or any joint below it is non-zero. */
function movedBy(r: RawFlame, j: number): Set<number> {
  const below = new Set([j]);
  for (let k = 0; k < r.J; k++) if (below.has(r.parents[k]!)) below.add(k);
  const out = new Set<number>();
  for (let v = 0; v < r.V; v++) for (const k of below) if (r.weights[v * r.J + k] !== 0) out.add(v);
  return out;
}

describe('loadFlame on a synthetic FLAME-format npz', () => {
  it('reads every key into a valid HeadModel: split bases, tree, pose correctives', () => {
    expect(checkValue(HeadModel, model)).toBeNull();
    expect(model.identityCount).toBe(raw.S);
    expect(model.expressionCount).toBe(raw.X);
    expect(model.expressionRange).toBe('free');
    expect(Array.from(model.skinning!.parents)).toEqual([-1, 0, 1, 1, 1]);
    expect(model.skinning!.jointNames).toEqual(['global', 'neck', 'jaw', 'eye_left', 'eye_right']);
    expect(model.uv).toBeUndefined();
    expect(model.landmarks).toBeUndefined();
  });

  it('zero pose returns the template plus blendshapes', () => {
    const betas = [0.5, -1, 2, 0.3, 1, -0.7, 0.2];
    const v = evaluateHead(model, params(betas, new Array(raw.J * 3).fill(0))).vertices;
    const K = raw.S + raw.X;
    const expected = raw.v_template.map(
      (t, r) => t + betas.reduce((s, b, k) => s + b * raw.shapedirs[r * K + k]!, 0),
    );
    expect(maxAbsDiff(v, expected)).toBeLessThan(1e-6);
    expect(maxAbsDiff(evaluateHead(model, neutralHeadParams(model)).vertices, raw.v_template)).toBeLessThan(
      1e-7,
    );
  });

  it('a rotated joint moves only the vertices it (or a joint below it) weights', () => {
    const betas = [0.5, -1, 2, 0.3, 1, -0.7, 0.2];
    const rest = evaluateHead(model, params(betas, new Array(raw.J * 3).fill(0))).vertices;
    for (const [j, name] of [
      [2, 'jaw'],
      [3, 'eye_left'],
      [1, 'neck'],
    ] as const) {
      const pose = new Array(raw.J * 3).fill(0);
      pose[j * 3] = 0.4;
      pose[j * 3 + 1] = -0.2;
      const posed = evaluateHead(model, params(betas, pose)).vertices;
      const moved = movedBy(raw, j);
      expect(moved.size, name).toBeGreaterThan(0);
      expect(moved.size, name).toBeLessThan(raw.V);
      for (let v = 0; v < raw.V; v++) {
        const d = Math.hypot(
          posed[v * 3]! - rest[v * 3]!,
          posed[v * 3 + 1]! - rest[v * 3 + 1]!,
          posed[v * 3 + 2]! - rest[v * 3 + 2]!,
        );
        if (moved.has(v)) expect(d, `${name}, vertex ${v}`).toBeGreaterThan(1e-5);
        else expect(d, `${name}, vertex ${v}`).toBe(0);
      }
    }
  });

  it("matches a direct per-vertex FLAME computation from the file's arrays on random params", () => {
    for (const seed of [1, 2, 3]) {
      const rnd = random(seed);
      const betas = Array.from({ length: raw.S + raw.X }, () => 2 * rnd());
      const pose = Array.from({ length: raw.J * 3 }, () => 0.5 * rnd());
      const rot = [0.3 * rnd(), 0.3 * rnd(), 0.3 * rnd()],
        trans = [0.1 * rnd(), 0.1 * rnd(), 0.1 * rnd()];
      const got = evaluateHead(model, params(betas, pose, rot, trans)).vertices;
      expect(maxAbsDiff(got, directFlame(raw, betas, pose, rot, trans))).toBeLessThan(1e-6);
    }
  });

  it('reads landmark embeddings (static or full 68) and texture coordinates', () => {
    const L = 51;
    const lm = loadFlame(
      flameNpz(raw, {
        lmk_faces_idx: {
          dtype: 'i64',
          shape: [L],
          data: BigInt64Array.from({ length: L }, (_, i) => BigInt(i % raw.F)),
        },
        lmk_b_coords: { dtype: 'f64', shape: [L, 3], data: new Float64Array(L * 3).fill(1 / 3) },
        full_lmk_faces_idx: {
          dtype: 'i64',
          shape: [1, 68],
          data: BigInt64Array.from({ length: 68 }, (_, i) => BigInt(i % raw.F)),
        },
        full_lmk_b_coords: { dtype: 'f64', shape: [1, 68, 3], data: new Float64Array(68 * 3).fill(1 / 3) },
        vt: { dtype: 'f64', shape: [raw.V, 2], data: new Float64Array(raw.V * 2).fill(0.5) },
        ft: { dtype: 'i32', shape: [raw.F, 3], data: Int32Array.from(raw.f) },
      }),
      'with-extras.npz',
      { shapeCount: raw.S },
    );
    expect(lm.landmarks!.scheme).toBe('ibug68');
    expect(lm.landmarks!.count).toBe(68);
    expect(lm.uv!.count).toBe(raw.V);
    const inner = loadFlame(
      flameNpz(raw, {
        lmk_faces_idx: { dtype: 'i64', shape: [L], data: BigInt64Array.from({ length: L }, () => 3n) },
        lmk_b_coords: { dtype: 'f64', shape: [L, 3], data: new Float64Array(L * 3).fill(1 / 3) },
      }),
      'static.npz',
      { shapeCount: raw.S },
    );
    expect(inner.landmarks!.scheme).toBe('ibug68-inner51');
  });

  it('names the file and the missing or malformed key', () => {
    expect(() => loadFlame(flameNpz(raw, {}, ['posedirs', 'weights']), 'mine.npz')).toThrow(
      "mine.npz: not a FLAME npz: missing 'posedirs', 'weights' (a FLAME npz has v_template, shapedirs, posedirs, J_regressor, weights, kintree_table, f;",
    );
    expect(() =>
      loadFlame(
        flameNpz(raw, { weights: { dtype: 'f32', shape: [raw.V, 4], data: new Float32Array(raw.V * 4) } }),
        'mine.npz',
        { shapeCount: 4 },
      ),
    ).toThrow("mine.npz: key 'weights': expected shape [V, J] with J = 5, found [60, 4]");
    expect(() => loadFlame(flameNpz(raw), 'mine.npz')).toThrow(
      "mine.npz: key 'shapedirs': has 7 components, fewer than the 300 shape components asked for",
    );
    expect(() =>
      loadFlame(
        flameNpz(raw, { f: { dtype: 'u32', shape: [1, 3], data: new Uint32Array([0, 1, 600]) } }),
        'mine.npz',
        { shapeCount: 4 },
      ),
    ).toThrow("mine.npz: key 'f': entry 2 is 600, outside the 60 vertices");
    expect(() =>
      loadFlame(
        flameNpz(raw, { vt: { dtype: 'f32', shape: [2, 2], data: new Float32Array(4) } }),
        'mine.npz',
        { shapeCount: 4 },
      ),
    ).toThrow("mine.npz: key 'ft': missing: texture coordinates need both vt and ft");
    expect(() => loadFlame(writeNpz({}), 'empty.npz')).toThrow(/this file has no arrays/);
    expect(() => loadFlame(new Uint8Array([1, 2, 3]), 'junk.npz')).toThrow(/junk.npz: not a zip archive/);
  });
});
