import { describe, expect, it } from 'vitest';
import type { Camera } from '@ffavatar/core';
import { rasterizeMesh, type TriangleMesh } from './rasterize-mesh.js';
import { rgbaToImage, shadeTexture, shadeVertexColours } from './shade.js';

/** Camera at the origin looking down +z (world = camera axes), 100 x 100, f = 100 px. */
const camera: Camera = {
  width: 100,
  height: 100,
  fx: 100,
  fy: 100,
  cx: 50,
  cy: 50,
  rotation: new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]),
  translation: new Float64Array(3),
};

const mesh = (vertices: readonly number[], triangles: readonly number[]): TriangleMesh => ({
  vertexCount: vertices.length / 3,
  vertices: Float32Array.from(vertices),
  triangles: Uint32Array.from(triangles),
});
const covered = (t: Int32Array, id?: number) =>
  t.reduce((n, f) => n + (id === undefined ? (f >= 0 ? 1 : 0) : f === id ? 1 : 0), 0);

describe('rasterizeMesh', () => {
  it('draws a triangle facing the camera: exact coverage, depth and barycentrics', () => {
    // Screen corners (25, 25), (75, 25), (25, 75): 1225 centres strictly inside, 50 on the hypotenuse (owned).
    const r = rasterizeMesh(mesh([-0.5, -0.5, 2, 0.5, -0.5, 2, -0.5, 0.5, 2], [0, 1, 2]), camera);
    expect(covered(r.triangle)).toBe(1275);
    const i = 30 * 100 + 40; // pixel x = 40, y = 30: centre (40.5, 30.5)
    expect(r.triangle[i]).toBe(0);
    expect(r.depth[i]).toBeCloseTo(2, 6);
    // World point on the triangle: x = (40.5 - 50) / 100 * 2, y = (30.5 - 50) / 100 * 2.
    const [b0, b1, b2] = [r.barycentric[i * 3]!, r.barycentric[i * 3 + 1]!, r.barycentric[i * 3 + 2]!];
    expect(b0 + b1 + b2).toBeCloseTo(1, 6);
    expect(-0.5 * b0 + 0.5 * b1 - 0.5 * b2).toBeCloseTo(-0.19, 5);
    expect(-0.5 * b0 - 0.5 * b1 + 0.5 * b2).toBeCloseTo(-0.39, 5);
    expect(r.depth[0]).toBe(Number.POSITIVE_INFINITY);
    expect(r.triangle[0]).toBe(-1);
  });

  it('covers a square split along its diagonal exactly once per pixel', () => {
    const r = rasterizeMesh(
      mesh([-0.5, -0.5, 2, 0.5, -0.5, 2, 0.5, 0.5, 2, -0.5, 0.5, 2], [0, 1, 2, 0, 2, 3]),
      camera,
    );
    expect(covered(r.triangle)).toBe(2500);
    expect(covered(r.triangle, 0) + covered(r.triangle, 1)).toBe(2500);
    // The diagonal's 50 centres go to one side only.
    expect([covered(r.triangle, 0), covered(r.triangle, 1)].sort()).toEqual([1225, 1275]);
  });

  it('keeps the nearer surface whatever the drawing order', () => {
    const near = [-0.5, -0.5, 2, 0.5, -0.5, 2, -0.5, 0.5, 2];
    const far = [-0.4, -0.6, 3, 0.9, -0.6, 3, -0.4, 0.9, 3];
    for (const [verts, nearId] of [
      [[...near, ...far], 0],
      [[...far, ...near], 1],
    ] as const) {
      const r = rasterizeMesh(mesh(verts, [0, 1, 2, 3, 4, 5]), camera);
      const i = 30 * 100 + 40;
      expect(r.triangle[i]).toBe(nearId);
      expect(r.depth[i]).toBeCloseTo(2, 6);
      // Where only the far one reaches (beyond the near one's hypotenuse), it shows at depth 3.
      const j = 32 * 100 + 70;
      expect(r.triangle[j]).toBe(1 - nearId);
      expect(r.depth[j]).toBeCloseTo(3, 6);
    }
  });

  it('interpolates depth and barycentrics perspective-correctly on a slanted triangle', () => {
    // Plane z = 2 + x: corners at z 1.5 and 2.5.
    const v = [-0.5, -0.5, 1.5, 0.5, -0.5, 2.5, -0.5, 0.5, 1.5];
    const r = rasterizeMesh(mesh(v, [0, 1, 2]), camera);
    for (const [px, py] of [
      [45, 40],
      [52, 38],
      [38, 55],
    ] as const) {
      const i = py * 100 + px;
      expect(r.triangle[i]).toBe(0);
      // Ray through the pixel centre: (dx, dy, 1) t; on z = 2 + x: t = 2 / (1 - dx).
      const dx = (px + 0.5 - 50) / 100,
        dy = (py + 0.5 - 50) / 100,
        t = 2 / (1 - dx);
      expect(r.depth[i]).toBeCloseTo(t, 5);
      const b = [0, 1, 2].map((k) => r.barycentric[i * 3 + k]!);
      const p = [0, 1, 2].map((a) => b[0]! * v[a]! + b[1]! * v[3 + a]! + b[2]! * v[6 + a]!);
      expect(p[0]).toBeCloseTo(dx * t, 5);
      expect(p[1]).toBeCloseTo(dy * t, 5);
    }
  });

  it('culls triangles facing away when asked; drops triangles behind the near plane', () => {
    const front = [-0.5, -0.5, 2, -0.5, 0.5, 2, 0.5, -0.5, 2]; // counter-clockwise seen from the camera
    const back = [-0.5, -0.5, 2, 0.5, -0.5, 2, -0.5, 0.5, 2];
    expect(covered(rasterizeMesh(mesh(front, [0, 1, 2]), camera, { cullBackFaces: true }).triangle)).toBe(
      1275,
    );
    expect(covered(rasterizeMesh(mesh(back, [0, 1, 2]), camera, { cullBackFaces: true }).triangle)).toBe(0);
    expect(covered(rasterizeMesh(mesh(back, [0, 1, 2]), camera).triangle)).toBe(1275);
    expect(
      covered(rasterizeMesh(mesh([-0.5, -0.5, -1, 0.5, -0.5, 2, -0.5, 0.5, 2], [0, 1, 2]), camera).triangle),
    ).toBe(0);
  });

  it('shades from vertex colours and from a texture (v up, top row of the texture at v = 1)', () => {
    const square = mesh([-0.5, -0.5, 2, 0.5, -0.5, 2, 0.5, 0.5, 2, -0.5, 0.5, 2], [0, 1, 2, 0, 2, 3]);
    const r = rasterizeMesh(square, camera);
    const red = shadeVertexColours(
      r,
      square.triangles,
      new Float32Array([1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0]),
      3,
    );
    expect(Array.from(red.subarray((50 * 100 + 50) * 4, (50 * 100 + 50) * 4 + 4))).toEqual([1, 0, 0, 1]);
    expect(Array.from(red.subarray(0, 4))).toEqual([0, 0, 0, 0]);
    // Image-y grows down and world y grows down here, so the square's top image row is world y = -0.5.
    // UV v = 1 on top (vertices 0, 1), v = 0 at the bottom; the 2x2 texture: top row red, green; bottom blue, white.
    const uv = new Float32Array([0, 1, 1, 1, 1, 0, 0, 0]);
    const tex = {
      width: 2,
      height: 2,
      format: 'rgba8' as const,
      data: new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]),
    };
    const img = rgbaToImage(shadeTexture(r, uv, square.triangles, tex), 100, 100);
    const px = (x: number, y: number) =>
      Array.from(img.data.subarray((y * 100 + x) * 4, (y * 100 + x) * 4 + 4));
    expect(px(26, 26)).toEqual([255, 0, 0, 255]);
    expect(px(73, 26)).toEqual([0, 255, 0, 255]);
    expect(px(26, 73)).toEqual([0, 0, 255, 255]);
    expect(px(73, 73)).toEqual([255, 255, 255, 255]);
  });
});
