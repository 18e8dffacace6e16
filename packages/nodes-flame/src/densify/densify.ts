import type { Avatar, CanonicalField, HeadModel } from '@ffavatar/core';
import { colourToShDc, opacityToLogit } from '@ffavatar/core/geometry';
import type { UvAtlas } from '../fusion/uv-atlas.js';

export interface DensifyOptions {
  /** Region names (HeadModel.regionNames) whose texels get no Gaussians. */
  dropRegions?: readonly string[];
  /** Standard deviation along the surface, in texels: > 0.5 so neighbours overlap without gaps. */
  spread?: number;
  /** Thickness along the normal, as a fraction of the texel footprint. */
  thickness?: number;
  /** Opacity at confidence 0 and 1 (filled-in texels must still close the surface). */
  opacity?: readonly [number, number];
}

/**
 * The UV densifier: one Gaussian per covered texel, bound to the texel's triangle by its
 * barycentrics (offset 0 along the normal), rotation aligned to the triangle frame (local identity),
 * scale from the texel footprint on the surface of the subject's neutral head, colour (SH degree
 * 0) from the field, opacity from the field's confidence.
 */
export function densifyAvatar(
  model: HeadModel,
  atlas: UvAtlas,
  field: CanonicalField,
  canonical: Float32Array,
  identity: Float32Array,
  opts: DensifyOptions = {},
): Avatar {
  if (field.uvSize !== atlas.size || (field.tiles ?? 1) !== atlas.pages.length) {
    throw new Error(
      `the field is ${field.uvSize} px x ${field.tiles} pages, the atlas ${atlas.size} x ${atlas.pages.length}`,
    );
  }
  const spread = opts.spread ?? 0.7,
    thickness = opts.thickness ?? 0.15;
  const [o0, o1] = opts.opacity ?? [0.9, 0.99];
  const dropped = new Set(
    (opts.dropRegions ?? []).map((name) => {
      const i = model.regionNames?.indexOf(name) ?? -1;
      if (i < 0)
        throw new Error(
          `dropRegions: head model "${model.name}" has no region "${name}"; it has ${model.regionNames?.join(', ') ?? 'none'}`,
        );
      return i;
    }),
  );
  const F = model.triangles,
    uv = model.uv!;
  // Per triangle: frame scale k (mean edge) and metres per texel on this subject's neutral head.
  const k = new Float32Array(model.triangleCount),
    footprint = new Float32Array(model.triangleCount);
  for (let f = 0; f < model.triangleCount; f++) {
    const a = F[f * 3]! * 3,
      b = F[f * 3 + 1]! * 3,
      c = F[f * 3 + 2]! * 3;
    const ab = dist(canonical, a, b),
      bc = dist(canonical, b, c),
      ca = dist(canonical, c, a);
    k[f] = (ab + bc + ca) / 3;
    const area3 = triangleArea(canonical, a, b, c);
    const ua = uv.triangles[f * 3]! * 2,
      ub = uv.triangles[f * 3 + 1]! * 2,
      uc = uv.triangles[f * 3 + 2]! * 2;
    const areaUv =
      Math.abs(
        (uv.coords[ub]! - uv.coords[ua]!) * (uv.coords[uc + 1]! - uv.coords[ua + 1]!) -
          (uv.coords[uc]! - uv.coords[ua]!) * (uv.coords[ub + 1]! - uv.coords[ua + 1]!),
      ) / 2;
    footprint[f] = areaUv > 0 ? Math.sqrt(area3 / areaUv) / atlas.size : 0;
  }
  const keep: number[] = [];
  for (let t = 0; t < atlas.triangle.length; t++) {
    const f = atlas.triangle[t]!;
    if (f < 0 || !(footprint[f]! > 0) || !(k[f]! > 0)) continue;
    if (dropped.size && model.regions && dropped.has(model.regions[F[f * 3]!]!)) continue;
    keep.push(t);
  }
  const n = keep.length;
  const triangle = new Uint32Array(n),
    barycentric = new Float32Array(n * 3),
    normalOffset = new Float32Array(n);
  const logScales = new Float32Array(n * 3),
    rotations = new Float32Array(n * 4),
    logitOpacities = new Float32Array(n),
    sh = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const t = keep[i]!;
    const f = atlas.triangle[t]!;
    triangle[i] = f;
    barycentric.set(atlas.barycentric.subarray(t * 3, t * 3 + 3), i * 3);
    const s = footprint[f]! / k[f]!;
    logScales[i * 3] = logScales[i * 3 + 1] = Math.log(spread * s);
    logScales[i * 3 + 2] = Math.log(thickness * s);
    rotations[i * 4] = 1;
    const conf = field.uvConfidence[t]!;
    const opacity = o0 + (o1 - o0) * conf;
    logitOpacities[i] = opacityToLogit(opacity);
    for (let c = 0; c < 3; c++) sh[i * 3 + c] = colourToShDc(field.uvFeatures[t * 3 + c]!);
  }
  return {
    headModel: model.name,
    identity,
    count: n,
    shDegree: 0,
    triangle,
    barycentric,
    normalOffset,
    logScales,
    rotations,
    logitOpacities,
    sh,
  };
}

function dist(v: Float32Array, a: number, b: number): number {
  return Math.hypot(v[a]! - v[b]!, v[a + 1]! - v[b + 1]!, v[a + 2]! - v[b + 2]!);
}

function triangleArea(v: Float32Array, a: number, b: number, c: number): number {
  const e0x = v[b]! - v[a]!,
    e0y = v[b + 1]! - v[a + 1]!,
    e0z = v[b + 2]! - v[a + 2]!;
  const e1x = v[c]! - v[a]!,
    e1y = v[c + 1]! - v[a + 1]!,
    e1z = v[c + 2]! - v[a + 2]!;
  return Math.hypot(e0y * e1z - e0z * e1y, e0z * e1x - e0x * e1z, e0x * e1y - e0y * e1x) / 2;
}
