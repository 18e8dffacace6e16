import {
  seededRandom,
  type Avatar,
  type Camera,
  type HeadModel,
  type Image,
  type Mesh,
} from '@ffavatar/core';
import { lookAtCamera } from '@ffavatar/core/geometry';
import { driveAvatarCpu } from '../../drive/drive-cpu.js';
import { rasterizeCpu } from '../../raster/rasterize-cpu.js';

/**
 * A small personalisation scene: a gently curved sheet of triangles 2 m in front of a camera at the
 * origin, with flat Gaussians bound to it (`perTriangle` per triangle, random barycentrics), and the
 * photo a camera takes of it. Colours are a smooth pattern plus checks, so a grey start is far off.
 */
export function sheetScene(opts: { seed?: number; size?: number; grid?: number; perTriangle?: number } = {}) {
  const rnd = seededRandom(opts.seed ?? 1);
  const size = opts.size ?? 64,
    grid = opts.grid ?? 8,
    per = opts.perTriangle ?? 4;
  const verts: number[] = [],
    tris: number[] = [];
  for (let y = 0; y <= grid; y++)
    for (let x = 0; x <= grid; x++) {
      const u = x / grid - 0.5,
        v = y / grid - 0.5;
      verts.push(u * 0.9, v * 0.9, 2 + 0.15 * (u * u + v * v));
    }
  for (let y = 0; y < grid; y++)
    for (let x = 0; x < grid; x++) {
      const i = y * (grid + 1) + x;
      // Wound so the normal faces the camera (-z).
      tris.push(i, i + grid + 1, i + 1, i + 1, i + grid + 1, i + grid + 2);
    }
  const mesh: Mesh = {
    vertexCount: verts.length / 3,
    triangleCount: tris.length / 3,
    vertices: Float32Array.from(verts),
    triangles: Uint32Array.from(tris),
  };
  const n = mesh.triangleCount * per;
  const triangle = new Uint32Array(n),
    barycentric = new Float32Array(n * 3),
    sh = new Float32Array(n * 3),
    rotations = new Float32Array(n * 4),
    logScales = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    triangle[i] = Math.floor(i / per);
    const a = rnd(),
      b = rnd() * (1 - a);
    barycentric.set([1 - a - b, a, b], i * 3);
    rotations[i * 4] = 1;
    logScales.set([Math.log(0.35), Math.log(0.35), Math.log(0.05)], i * 3);
  }
  const avatar: Avatar = {
    headModel: 'sheet',
    identity: new Float32Array(0),
    count: n,
    shDegree: 0,
    triangle,
    barycentric,
    normalOffset: new Float32Array(n),
    logScales,
    rotations,
    logitOpacities: new Float32Array(n).fill(3),
    sh,
  };
  const camera = lookAtCamera({
    eye: [0, 0, 0],
    target: [0, 0, 2],
    up: [0, -1, 0],
    width: size,
    height: size,
    fovYDegrees: 30,
  });
  return { mesh, avatar, camera };
}

/** The avatar with a colour pattern: what the photo shows. */
export function paintedLike(avatar: Avatar, mesh: Mesh): Avatar {
  const sh = new Float32Array(avatar.count * 3);
  const posed = driveAvatarCpu(avatar, mesh);
  for (let i = 0; i < avatar.count; i++) {
    const x = posed.means[i * 3]!,
      y = posed.means[i * 3 + 1]!;
    const check = (Math.floor(x * 6 + 10) + Math.floor(y * 6 + 10)) % 2;
    sh[i * 3] = 1.2 * Math.sin(5 * x) + 0.4 * check;
    sh[i * 3 + 1] = 1.2 * Math.cos(4 * y) - 0.4 * check;
    sh[i * 3 + 2] = 0.8 * Math.sin(3 * (x + y));
  }
  return { ...avatar, sh };
}

/** The photo of `avatar` on `mesh` from `camera`: rgba8, opaque (black where the sheet is not). */
export function photoOf(avatar: Avatar, mesh: Mesh, camera: Camera): Image {
  const { rgba } = rasterizeCpu(driveAvatarCpu(avatar, mesh), camera);
  const data = new Uint8Array(camera.width * camera.height * 4);
  for (let p = 0; p < camera.width * camera.height; p++) {
    for (let c = 0; c < 3; c++)
      data[p * 4 + c] = Math.round(255 * Math.min(1, Math.max(0, rgba[p * 4 + c]!)));
    data[p * 4 + 3] = 255;
  }
  return { width: camera.width, height: camera.height, format: 'rgba8', data };
}

/**
 * The sheet as a head model (unit expression range, like ICT): identity 0 widens it (x grows with
 * x), expression 0 slides its right half to the right, expression 1 lifts its upper half; moves of
 * a few pixels in the photo, which its pattern pins.
 */
export function sheetHeadModel(mesh: Mesh): HeadModel {
  const V = mesh.vertexCount;
  const identityBasis = new Float32Array(V * 3),
    expressionBasis = new Float32Array(V * 3 * 2);
  for (let v = 0; v < V; v++) {
    const x = mesh.vertices[v * 3]!,
      y = mesh.vertices[v * 3 + 1]!;
    identityBasis[v * 3] = 0.2 * x;
    expressionBasis[v * 3 * 2] = x > 0 ? 0.15 * x : 0;
    expressionBasis[(v * 3 + 1) * 2 + 1] = y > 0 ? 0.12 * y : 0;
  }
  return {
    name: 'sheet',
    vertexCount: V,
    triangleCount: mesh.triangleCount,
    triangles: mesh.triangles,
    template: mesh.vertices.slice(),
    identityCount: 1,
    identityNames: ['width'],
    identityBasis,
    expressionCount: 2,
    expressionNames: ['slideRight', 'liftUpper'],
    expressionBasis,
    expressionRange: 'unit',
  };
}
