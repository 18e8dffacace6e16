import type { Camera, Image, Mesh } from '@ffavatar/core';
import { rasterizeMesh } from '../raster/rasterize-mesh.js';
import type { UvAtlas } from './uv-atlas.js';

/**
 * One image's contribution to the canonical field: every texel whose surface point the camera
 * sees is inverse-warped to the photo and its colour added with a weight, as running sums
 * [texels, 4] = (w r, w g, w b, w). Only pixels the tracked mesh covers are sampled, and with a
 * person mask (segmentation) only pixels that show the person, so the background never enters
 * where the mesh overlaps it (behind the ears, under the jaw); visibility comes from the mesh z-buffer. The weight favours frontal
 * views (cos^2 of the viewing angle) and pixels away from depth edges, where tracking error
 * would pull in colour from behind the silhouette.
 */
export interface FuseImageOptions {
  /** Pixels from a depth edge at which a sample reaches full weight. */
  edgeFalloff?: number;
  /** Depth tolerance of the visibility test, metres. */
  depthTolerance?: number;
  /** The person's mask, the photo's size: its alpha (0..255) scales each sample's weight. */
  mask?: { width: number; height: number; data: Uint8Array };
}

export function fuseImage(
  atlas: UvAtlas,
  mesh: Mesh,
  camera: Camera,
  image: Image,
  opts: FuseImageOptions = {},
): Float32Array {
  if (image.width !== camera.width || image.height !== camera.height) {
    throw new Error(`image is ${image.width}x${image.height}, its camera ${camera.width}x${camera.height}`);
  }
  const falloff = opts.edgeFalloff ?? 6,
    tol = opts.depthTolerance ?? 0.004;
  const mask = opts.mask;
  if (mask && (mask.width !== image.width || mask.height !== image.height))
    throw new Error(`the mask is ${mask.width}x${mask.height}, the image ${image.width}x${image.height}`);
  const raster = rasterizeMesh(mesh, camera, { cullBackFaces: true });
  const edge = edgeDistance(raster.depth, camera.width, camera.height, 0.01, falloff);
  const sums = new Float32Array(atlas.width * atlas.size * 4);
  const V = mesh.vertices,
    F = mesh.triangles,
    R = camera.rotation,
    T = camera.translation;
  const [ox, oy, oz] = [0, 1, 2].map((j) => -(R[j]! * T[0]! + R[3 + j]! * T[1]! + R[6 + j]! * T[2]!)) as [
    number,
    number,
    number,
  ];
  const W = camera.width,
    H = camera.height;
  const px = image.data,
    scale = image.format === 'rgba8' ? 1 / 255 : 1;
  {
    for (let t = 0; t < atlas.triangle.length; t++) {
      const f = atlas.triangle[t]!;
      if (f < 0) continue;
      const a = F[f * 3]! * 3,
        b = F[f * 3 + 1]! * 3,
        c = F[f * 3 + 2]! * 3;
      const l0 = atlas.barycentric[t * 3]!,
        l1 = atlas.barycentric[t * 3 + 1]!,
        l2 = atlas.barycentric[t * 3 + 2]!;
      const x = l0 * V[a]! + l1 * V[b]! + l2 * V[c]!,
        y = l0 * V[a + 1]! + l1 * V[b + 1]! + l2 * V[c + 1]!,
        z = l0 * V[a + 2]! + l1 * V[b + 2]! + l2 * V[c + 2]!;
      const cx = R[0]! * x + R[1]! * y + R[2]! * z + T[0]!,
        cy = R[3]! * x + R[4]! * y + R[5]! * z + T[1]!,
        cz = R[6]! * x + R[7]! * y + R[8]! * z + T[2]!;
      if (cz <= 1e-3) continue;
      const u = (camera.fx * cx) / cz + camera.cx,
        v = (camera.fy * cy) / cz + camera.cy;
      const pu = Math.floor(u),
        pv = Math.floor(v);
      if (pu < 0 || pv < 0 || pu >= W || pv >= H) continue;
      const p = pv * W + pu;
      if (!(Math.abs(raster.depth[p]! - cz) < tol)) continue;
      // Viewing angle: face normal against the direction to the camera.
      const e0x = V[b]! - V[a]!,
        e0y = V[b + 1]! - V[a + 1]!,
        e0z = V[b + 2]! - V[a + 2]!;
      const e1x = V[c]! - V[a]!,
        e1y = V[c + 1]! - V[a + 1]!,
        e1z = V[c + 2]! - V[a + 2]!;
      const nx = e0y * e1z - e0z * e1y,
        ny = e0z * e1x - e0x * e1z,
        nz = e0x * e1y - e0y * e1x;
      const dx = ox - x,
        dy = oy - y,
        dz = oz - z;
      const cos = (nx * dx + ny * dy + nz * dz) / (Math.hypot(nx, ny, nz) * Math.hypot(dx, dy, dz) || 1);
      if (cos <= 0.05) continue;
      const w = cos * cos * edge[p]! * (mask ? sampleChannel(mask.data, W, H, u - 0.5, v - 0.5, 3) / 255 : 1);
      if (w <= 0) continue;
      const r = sampleChannel(px, W, H, u - 0.5, v - 0.5, 0),
        g = sampleChannel(px, W, H, u - 0.5, v - 0.5, 1),
        bl = sampleChannel(px, W, H, u - 0.5, v - 0.5, 2);
      sums[t * 4] = sums[t * 4]! + w * r * scale;
      sums[t * 4 + 1] = sums[t * 4 + 1]! + w * g * scale;
      sums[t * 4 + 2] = sums[t * 4 + 2]! + w * bl * scale;
      sums[t * 4 + 3] = sums[t * 4 + 3]! + w;
    }
  }
  return sums;
}

/** Channel `c` of an RGBA image at a continuous pixel position, bilinear, clamped to the edges. */
function sampleChannel(
  data: Uint8Array | Float32Array,
  W: number,
  H: number,
  x: number,
  y: number,
  c: number,
): number {
  const x0 = Math.max(0, Math.min(W - 1, Math.floor(x))),
    y0 = Math.max(0, Math.min(H - 1, Math.floor(y)));
  const x1 = Math.min(W - 1, x0 + 1),
    y1 = Math.min(H - 1, y0 + 1);
  const fx = Math.min(1, Math.max(0, x - x0)),
    fy = Math.min(1, Math.max(0, y - y0));
  const top = data[(y0 * W + x0) * 4 + c]! * (1 - fx) + data[(y0 * W + x1) * 4 + c]! * fx;
  const bottom = data[(y1 * W + x0) * 4 + c]! * (1 - fx) + data[(y1 * W + x1) * 4 + c]! * fx;
  return top * (1 - fy) + bottom * fy;
}

/**
 * Per pixel, min(1, distance to the nearest depth edge / falloff): edges are empty pixels next to
 * covered ones and jumps over `jump` metres. Two-pass chamfer distance (3-4 weights).
 */
function edgeDistance(
  depth: Float32Array,
  W: number,
  H: number,
  jump: number,
  falloff: number,
): Float32Array {
  const INF = 1e9;
  const d = new Float32Array(W * H).fill(INF);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const p = y * W + x,
        z = depth[p]!;
      if (!Number.isFinite(z)) {
        d[p] = 0;
        continue;
      }
      for (const [dx, dy] of [
        [1, 0],
        [-1, 0],
        [0, 1],
        [0, -1],
      ] as const) {
        const qx = x + dx,
          qy = y + dy;
        if (qx < 0 || qy < 0 || qx >= W || qy >= H) {
          d[p] = 0;
          break;
        }
        const zq = depth[qy * W + qx]!;
        if (!Number.isFinite(zq) || Math.abs(zq - z) > jump) {
          d[p] = 0;
          break;
        }
      }
    }
  }
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const p = y * W + x;
      let v = d[p]!;
      if (x > 0) v = Math.min(v, d[p - 1]! + 3);
      if (y > 0) v = Math.min(v, d[p - W]! + 3);
      if (x > 0 && y > 0) v = Math.min(v, d[p - W - 1]! + 4);
      if (x < W - 1 && y > 0) v = Math.min(v, d[p - W + 1]! + 4);
      d[p] = v;
    }
  for (let y = H - 1; y >= 0; y--)
    for (let x = W - 1; x >= 0; x--) {
      const p = y * W + x;
      let v = d[p]!;
      if (x < W - 1) v = Math.min(v, d[p + 1]! + 3);
      if (y < H - 1) v = Math.min(v, d[p + W]! + 3);
      if (x < W - 1 && y < H - 1) v = Math.min(v, d[p + W + 1]! + 4);
      if (x > 0 && y < H - 1) v = Math.min(v, d[p + W - 1]! + 4);
      d[p] = v;
    }
  for (let p = 0; p < d.length; p++) d[p] = Math.min(1, d[p]! / 3 / falloff);
  return d;
}
