import type { Camera, Image } from '@ffavatar/core';
import { cameraCentre } from '@ffavatar/core/geometry';
import type { MeshRaster, TriangleMesh } from './rasterize-mesh.js';

/** Straight RGBA [H, W, 4] f32 in 0..1 (the sRGB encoding of Image); background where empty. */
export type Rgba = Float32Array;

/**
 * Colours covered pixels from per-vertex colours [V, C] (C = 3 or 4, 0..1), interpolated with the
 * raster's perspective-correct barycentrics.
 */
export function shadeVertexColours(
  raster: MeshRaster,
  triangles: Uint32Array,
  colours: Float32Array,
  channels: 3 | 4,
  background: readonly number[] = [0, 0, 0, 0],
): Rgba {
  const out = fillBackground(raster, background);
  const { triangle, barycentric } = raster;
  for (let i = 0; i < triangle.length; i++) {
    const f = triangle[i]!;
    if (f < 0) continue;
    for (let c = 0; c < 4; c++) {
      if (c === 3 && channels === 3) {
        out[i * 4 + 3] = 1;
        continue;
      }
      let s = 0;
      for (let k = 0; k < 3; k++)
        s += barycentric[i * 3 + k]! * colours[triangles[f * 3 + k]! * channels + c]!;
      out[i * 4 + c] = s;
    }
  }
  return out;
}

/**
 * Colours covered pixels from a texture through per-corner UVs (uv triangles parallel to the mesh
 * triangles), bilinear, clamped at the border. The texture's top row is v = 1 (OBJ UVs on a
 * top-row-first image): texel x = u W - 0.5, y = (1 - v) H - 0.5. UDIM-style u beyond [0, 1]
 * wraps to its tile's fraction.
 */
export function shadeTexture(
  raster: MeshRaster,
  uvCoords: Float32Array,
  uvTriangles: Uint32Array,
  texture: Image,
  background: readonly number[] = [0, 0, 0, 0],
): Rgba {
  const out = fillBackground(raster, background);
  const { triangle, barycentric } = raster;
  const TW = texture.width,
    TH = texture.height,
    data = texture.data;
  const scale = texture.format === 'rgba8' ? 1 / 255 : 1;
  for (let i = 0; i < triangle.length; i++) {
    const f = triangle[i]!;
    if (f < 0) continue;
    let u = 0,
      v = 0;
    for (let k = 0; k < 3; k++) {
      const t = uvTriangles[f * 3 + k]!,
        w = barycentric[i * 3 + k]!;
      u += w * uvCoords[t * 2]!;
      v += w * uvCoords[t * 2 + 1]!;
    }
    u -= Math.floor(u);
    const x = Math.min(TW - 1, Math.max(0, u * TW - 0.5));
    const y = Math.min(TH - 1, Math.max(0, (1 - v) * TH - 0.5));
    const xa = Math.floor(x),
      ya = Math.floor(y);
    const xb = Math.min(TW - 1, xa + 1),
      yb = Math.min(TH - 1, ya + 1),
      fx = x - xa,
      fy = y - ya;
    for (let c = 0; c < 4; c++) {
      const top = data[(ya * TW + xa) * 4 + c]! * (1 - fx) + data[(ya * TW + xb) * 4 + c]! * fx;
      const bottom = data[(yb * TW + xa) * 4 + c]! * (1 - fx) + data[(yb * TW + xb) * 4 + c]! * fx;
      out[i * 4 + c] = (top * (1 - fy) + bottom * fy) * scale;
    }
  }
  return out;
}

/**
 * Grey per-vertex colours lit by a light at the camera (a headlight): ambient + diffuse |n . l|,
 * two-sided so the inside of the mouth is not black. Good for looking at geometry, not a BRDF.
 */
export function headlightColours(
  mesh: TriangleMesh,
  normals: Float32Array,
  camera: Camera,
  albedo = 0.85,
  ambient = 0.15,
): Float32Array {
  const [cx, cy, cz] = cameraCentre(camera);
  const out = new Float32Array(mesh.vertexCount * 3);
  const v = mesh.vertices;
  for (let i = 0; i < mesh.vertexCount * 3; i += 3) {
    const lx = cx - v[i]!,
      ly = cy - v[i + 1]!,
      lz = cz - v[i + 2]!;
    const len = Math.hypot(lx, ly, lz) || 1;
    const d = Math.abs(normals[i]! * lx + normals[i + 1]! * ly + normals[i + 2]! * lz) / len;
    out[i] = out[i + 1] = out[i + 2] = Math.min(1, ambient + albedo * d);
  }
  return out;
}

/** Per-vertex colours n * 0.5 + 0.5, the usual normal-map look. */
export function normalColours(normals: Float32Array): Float32Array {
  return normals.map((n) => n * 0.5 + 0.5);
}

/** Straight RGBA floats to an rgba8 Image. */
export function rgbaToImage(rgba: Rgba, width: number, height: number): Image {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(Math.min(1, Math.max(0, rgba[i]!)) * 255);
  return { width, height, format: 'rgba8', data };
}

function fillBackground(raster: MeshRaster, bg: readonly number[]): Rgba {
  const out = new Float32Array(raster.width * raster.height * 4);
  for (let i = 0; i < out.length; i += 4) {
    out[i] = bg[0] ?? 0;
    out[i + 1] = bg[1] ?? 0;
    out[i + 2] = bg[2] ?? 0;
    out[i + 3] = bg[3] ?? 0;
  }
  return out;
}
