import { describe, expect, it } from 'vitest';
import { scanTriangle } from '../raster/scan-triangle.js';
import { ictModel } from '../test-support/ict-asset.js';
import { random } from '../test-support/random.js';
import { uvTexelMap } from './uv-texel-map.js';

const count = (t: Int32Array, pred: (f: number) => boolean) => t.reduce((n, f) => n + (pred(f) ? 1 : 0), 0);

function uvArea(
  coords: Float32Array,
  tris: Uint32Array,
  include: (f: number) => boolean = () => true,
): number {
  let area = 0;
  for (let f = 0; f < tris.length / 3; f++) {
    if (!include(f)) continue;
    const [a, b, c] = [tris[f * 3]! * 2, tris[f * 3 + 1]! * 2, tris[f * 3 + 2]! * 2];
    area +=
      Math.abs(
        (coords[b]! - coords[a]!) * (coords[c + 1]! - coords[a + 1]!) -
          (coords[c]! - coords[a]!) * (coords[b + 1]! - coords[a + 1]!),
      ) / 2;
  }
  return area;
}

describe('uvTexelMap', () => {
  it('covers the unit square (two triangles) with every texel exactly once, at any size', () => {
    const coords = new Float32Array([0, 0, 1, 0, 1, 1, 0, 1]);
    const tris = new Uint32Array([0, 1, 2, 0, 2, 3]);
    for (const S of [1, 2, 7, 64]) {
      const visits = new Uint8Array(S * S);
      for (let f = 0; f < 2; f++) {
        const p = [0, 1, 2].map((k) => tris[f * 3 + k]! * 2);
        scanTriangle(
          coords[p[0]!]! * S,
          (1 - coords[p[0]! + 1]!) * S,
          coords[p[1]!]! * S,
          (1 - coords[p[1]! + 1]!) * S,
          coords[p[2]!]! * S,
          (1 - coords[p[2]! + 1]!) * S,
          S,
          S,
          (i) => {
            visits[i]! += 1;
          },
        );
      }
      expect(visits.every((v) => v === 1)).toBe(true);
      expect(count(uvTexelMap(coords, tris, S).triangle, (f) => f >= 0)).toBe(S * S);
    }
  });

  it('puts v = 1 on the top row, u = 0 on the left column, and the barycentrics reproduce the texel centre', () => {
    // A triangle in the top-left quarter of UV space.
    const coords = new Float32Array([0, 0.5, 0.5, 1, 0, 1]);
    const m = uvTexelMap(coords, new Uint32Array([0, 1, 2]), 8);
    expect(m.triangle[0]).toBe(0); // texel (0, 0): u = 1/16, v = 15/16
    expect(m.triangle[7 * 8 + 0]).toBe(-1); // bottom row
    const i = 1 * 8 + 1; // texel (1, 1): u = 3/16, v = 13/16
    const b = [0, 1, 2].map((k) => m.barycentric[i * 3 + k]!);
    expect(b[0]! * 0 + b[1]! * 0.5 + b[2]! * 0).toBeCloseTo(3 / 16, 6);
    expect(b[0]! * 0.5 + b[1]! * 1 + b[2]! * 1).toBeCloseTo(13 / 16, 6);
  });

  it('covers as many texels as the UV area of a jittered mesh (sum of areas x S^2)', () => {
    const n = 12,
      S = 256,
      rnd = random(9);
    const coords = new Float32Array((n + 1) * (n + 1) * 2);
    for (let y = 0; y <= n; y++) {
      for (let x = 0; x <= n; x++) {
        const inner = x > 0 && x < n && y > 0 && y < n;
        coords[(y * (n + 1) + x) * 2] = 0.1 + 0.8 * ((x + (inner ? 0.3 * rnd() : 0)) / n);
        coords[(y * (n + 1) + x) * 2 + 1] = 0.1 + 0.8 * ((y + (inner ? 0.3 * rnd() : 0)) / n);
      }
    }
    const tris: number[] = [];
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        const a = y * (n + 1) + x,
          b = a + 1,
          c = a + n + 1,
          d = c + 1;
        tris.push(a, b, d, a, d, c);
      }
    }
    const t = Uint32Array.from(tris);
    const covered = count(uvTexelMap(coords, t, S).triangle, (f) => f >= 0);
    expect(covered / (S * S)).toBeCloseTo(uvArea(coords, t), 2);
    expect(Math.abs(covered - 0.64 * S * S)).toBeLessThan(4 * S * 0.8); // the outline is exact; only its texels round
  });

  it('on ICT: the face region in tile 0 covers its UV area; other tiles and regions can be picked', () => {
    const model = ictModel();
    const uv = model.uv!,
      S = 512,
      face = model.regionNames!.indexOf('face');
    const include = Uint8Array.from({ length: model.triangleCount }, (_, f) => {
      const inFace = model.regions![model.triangles[f * 3]!] === face;
      const inTile0 = [0, 1, 2].every((k) => uv.coords[uv.triangles[f * 3 + k]! * 2]! < 1);
      return inFace && inTile0 ? 1 : 0;
    });
    const map = uvTexelMap(uv.coords, uv.triangles, S, { include });
    const area = uvArea(uv.coords, uv.triangles, (f) => include[f] === 1);
    expect(count(map.triangle, (f) => f >= 0) / (S * S)).toBeCloseTo(area, 2);
    expect(count(map.triangle, (f) => f >= 0 && include[f] !== 1)).toBe(0);
    // Tile 2 holds gums and tongue only.
    const gums = model.regionNames!.indexOf('gums_tongue');
    const tile2 = uvTexelMap(uv.coords, uv.triangles, 128, { tile: 2 });
    expect(count(tile2.triangle, (f) => f >= 0)).toBeGreaterThan(1000);
    expect(count(tile2.triangle, (f) => f >= 0 && model.regions![model.triangles[f * 3]!] !== gums)).toBe(0);
  });
});
