import type { Camera } from '@ffavatar/core';
import { scanTriangle } from './scan-triangle.js';

/** What the z-buffer keeps per pixel, row-major, top row first. */
export interface MeshRaster {
  readonly width: number;
  readonly height: number;
  /** [H, W] f32 camera-space z of the nearest surface, metres; +Infinity where empty. */
  readonly depth: Float32Array;
  /** [H, W] i32 triangle id; -1 where empty. */
  readonly triangle: Int32Array;
  /** [H, W, 3] f32 perspective-correct barycentrics over the triangle's corners (in its index order). */
  readonly barycentric: Float32Array;
}

export interface RasterizeOptions {
  /** Triangles with a corner nearer than this (camera z, metres) are dropped, not clipped. Default 1 mm. */
  near?: number;
  /** Skip triangles facing away from the camera (counter-clockwise = front, as head models wind). */
  cullBackFaces?: boolean;
}

export interface TriangleMesh {
  readonly vertexCount: number;
  readonly vertices: Float32Array;
  readonly triangles: Uint32Array;
}

/**
 * CPU z-buffer rasterizer for a triangle mesh seen by a pinhole camera (OpenCV axes, world to
 * camera; pixel centres at integer + 0.5, see CONVENTIONS.md). Depth and barycentrics are
 * perspective-correct: 1/z and l_i/z_i are interpolated linearly in screen space. Ties in depth
 * keep the lower triangle id, so output does not depend on anything but the mesh.
 */
export function rasterizeMesh(mesh: TriangleMesh, camera: Camera, opts: RasterizeOptions = {}): MeshRaster {
  const { width: W, height: H } = camera;
  const near = opts.near ?? 1e-3;
  const cull = opts.cullBackFaces ?? false;
  const depth = new Float32Array(W * H).fill(Number.POSITIVE_INFINITY);
  const triangle = new Int32Array(W * H).fill(-1);
  const barycentric = new Float32Array(W * H * 3);
  const screen = projectVertices(mesh, camera);

  // The visitor reads the current triangle from these, so one closure serves every triangle.
  let f = 0,
    iz0 = 0,
    iz1 = 0,
    iz2 = 0;
  const visit = (i: number, l0: number, l1: number, l2: number) => {
    const a = l0 * iz0,
      b = l1 * iz1,
      c = l2 * iz2,
      invz = a + b + c;
    const z = 1 / invz;
    if (!(z < depth[i]!)) return;
    depth[i] = z;
    triangle[i] = f;
    barycentric[i * 3] = a * z;
    barycentric[i * 3 + 1] = b * z;
    barycentric[i * 3 + 2] = c * z;
  };
  const tris = mesh.triangles,
    F = tris.length / 3;
  for (f = 0; f < F; f++) {
    const i0 = tris[f * 3]! * 3,
      i1 = tris[f * 3 + 1]! * 3,
      i2 = tris[f * 3 + 2]! * 3;
    const z0 = screen[i0 + 2]!,
      z1 = screen[i1 + 2]!,
      z2 = screen[i2 + 2]!;
    if (!(z0 >= near && z1 >= near && z2 >= near)) continue;
    const x0 = screen[i0]!,
      y0 = screen[i0 + 1]!,
      x1 = screen[i1]!,
      y1 = screen[i1 + 1]!,
      x2 = screen[i2]!,
      y2 = screen[i2 + 1]!;
    // With y down, a triangle that is counter-clockwise seen from outside has negative signed
    // area when its outside faces the camera.
    if (cull && (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0) >= 0) continue;
    iz0 = 1 / z0;
    iz1 = 1 / z1;
    iz2 = 1 / z2;
    scanTriangle(x0, y0, x1, y1, x2, y2, W, H, visit);
  }
  return { width: W, height: H, depth, triangle, barycentric };
}

/** Pixel x, y and camera z per vertex, [V, 3] f64. */
function projectVertices(mesh: TriangleMesh, camera: Camera): Float64Array {
  const R = camera.rotation,
    t = camera.translation,
    v = mesh.vertices;
  const out = new Float64Array(mesh.vertexCount * 3);
  for (let i = 0; i < mesh.vertexCount * 3; i += 3) {
    const px = v[i]!,
      py = v[i + 1]!,
      pz = v[i + 2]!;
    const x = R[0]! * px + R[1]! * py + R[2]! * pz + t[0]!;
    const y = R[3]! * px + R[4]! * py + R[5]! * pz + t[1]!;
    const z = R[6]! * px + R[7]! * py + R[8]! * pz + t[2]!;
    out[i] = camera.fx * (x / z) + camera.cx;
    out[i + 1] = camera.fy * (y / z) + camera.cy;
    out[i + 2] = z;
  }
  return out;
}
