import type { CanonicalField, HeadModel, Image } from '@ffavatar/core';
import { mirrorTexels } from './mirror-map.js';
import { pushPull } from './push-pull.js';
import type { UvAtlas } from './uv-atlas.js';

/** Colours for mouth regions no photo shows (a closed mouth hides teeth, gums and the socket). */
const MOUTH_PRIORS: Record<string, [number, number, number]> = {
  teeth: [0.88, 0.85, 0.78],
  gums_tongue: [0.62, 0.27, 0.28],
  mouth_socket: [0.16, 0.05, 0.06],
};

export interface FuseFieldOptions {
  /** Fill unseen texels from their left-right mirror. */
  symmetry?: boolean;
  /** Confidence of one frontal observation: w / (w + k). */
  confidenceScale?: number;
}

/**
 * The canonical field from per-image running sums (see fuseImage): colour = sum(w c) / sum(w);
 * confidence from the total weight. Texels no image saw are filled by left-right symmetry, mouth
 * interior priors, then push-pull, so every texel has a plausible colour and an honest confidence
 * (0 where filled). Adding an image only adds its sums: the others are not recomputed.
 */
export function fuseField(
  model: HeadModel,
  atlas: UvAtlas,
  contributions: readonly Float32Array[],
  opts: FuseFieldOptions = {},
): CanonicalField {
  const texels = atlas.width * atlas.size;
  const sums = new Float64Array(texels * 4);
  for (const c of contributions) {
    if (c.length !== texels * 4)
      throw new Error(
        `a contribution has ${c.length / 4} texels, the atlas ${texels}: fused with another UV size?`,
      );
    for (let i = 0; i < c.length; i++) sums[i] = sums[i]! + c[i]!;
  }
  const k = opts.confidenceScale ?? 0.25;
  const colour = new Float32Array(texels * 3);
  const confidence = new Float32Array(texels);
  const known = new Float32Array(texels);
  for (let t = 0; t < texels; t++) {
    const w = sums[t * 4 + 3]!;
    if (w <= 0) continue;
    for (let c = 0; c < 3; c++) colour[t * 3 + c] = sums[t * 4 + c]! / w;
    confidence[t] = w / (w + k);
    known[t] = confidence[t]!;
  }
  const covered = coverage(atlas);
  if (opts.symmetry ?? true) {
    const mirror = mirrorTexels(model, atlas);
    const borrowed = new Float32Array(texels);
    for (let t = 0; t < texels; t++) {
      if (known[t]! > 0 || mirror[t]! < 0) continue;
      const m = mirror[t]!;
      if (known[m]! <= 0) continue;
      for (let c = 0; c < 3; c++) colour[t * 3 + c] = colour[m * 3 + c]!;
      borrowed[t] = known[m]! * 0.5;
    }
    for (let t = 0; t < texels; t++) if (borrowed[t]! > 0) known[t] = borrowed[t]!;
  }
  applyMouthPriors(model, atlas, colour, known);
  fillPages(atlas, colour, known);
  for (let t = 0; t < texels; t++) if (!covered[t]) confidence[t] = 0;
  return {
    headModel: model.name,
    uvSize: atlas.size,
    tiles: atlas.pages.length,
    channels: 3,
    uvFeatures: colour,
    uvConfidence: confidence,
    vertexFeatures: sampleVertices(model, atlas, colour),
    images: contributions.length,
  };
}

/** Push-pull inside each page: pages are unrelated parts of the head, fills must not cross them. */
function fillPages(atlas: UvAtlas, colour: Float32Array, known: Float32Array): void {
  const S = atlas.size;
  const pageColour = new Float32Array(S * S * 3),
    pageKnown = new Float32Array(S * S);
  atlas.pages.forEach((_, p) => {
    for (let y = 0; y < S; y++) {
      const src = y * atlas.width + p * S;
      pageColour.set(colour.subarray(src * 3, (src + S) * 3), y * S * 3);
      pageKnown.set(known.subarray(src, src + S), y * S);
    }
    pushPull(pageColour, pageKnown, S, S, 3);
    for (let y = 0; y < S; y++)
      colour.set(pageColour.subarray(y * S * 3, (y + 1) * S * 3), (y * atlas.width + p * S) * 3);
  });
}

function coverage(atlas: UvAtlas): Uint8Array {
  return Uint8Array.from(atlas.triangle, (f) => (f >= 0 ? 1 : 0));
}

function applyMouthPriors(model: HeadModel, atlas: UvAtlas, colour: Float32Array, known: Float32Array): void {
  if (!model.regions || !model.regionNames) return;
  const prior = model.regionNames.map((name) => MOUTH_PRIORS[name]);
  for (let t = 0; t < atlas.triangle.length; t++) {
    const f = atlas.triangle[t]!;
    if (f < 0 || known[t]! > 0) continue;
    const rgb = prior[model.regions[model.triangles[f * 3]!]!];
    if (!rgb) continue;
    colour.set(rgb, t * 3);
    known[t] = 1e-3; // a prior, not an observation: anchors push-pull, confidence stays 0
  }
}

/** Field colour at each vertex (first UV corner that uses it). */
function sampleVertices(model: HeadModel, atlas: UvAtlas, colour: Float32Array): Float32Array {
  const out = new Float32Array(model.vertexCount * 3);
  const uv = model.uv!;
  const done = new Uint8Array(model.vertexCount);
  for (let f = 0; f < model.triangleCount; f++) {
    for (let c = 0; c < 3; c++) {
      const v = model.triangles[f * 3 + c]!;
      if (done[v]) continue;
      done[v] = 1;
      const i = uv.triangles[f * 3 + c]!;
      const u = uv.coords[i * 2]!,
        tile = Math.floor(u);
      const page = atlas.pages.findIndex((pg) => pg.tile === tile);
      if (page < 0) continue;
      const x =
        page * atlas.size + Math.min(atlas.size - 1, Math.max(0, Math.floor((u - tile) * atlas.size)));
      const y = Math.min(atlas.size - 1, Math.max(0, Math.floor((1 - uv.coords[i * 2 + 1]!) * atlas.size)));
      out.set(colour.subarray((y * atlas.width + x) * 3, (y * atlas.width + x) * 3 + 3), v * 3);
    }
  }
  return out;
}

/** The field's colour channels as an RGB texture (alpha 255), UV pages side by side, clamped to [0, 1]. */
export function fieldTexture(field: CanonicalField, atlas: UvAtlas): Image {
  const texture = new Uint8Array(atlas.width * atlas.size * 4);
  for (let t = 0; t < atlas.width * atlas.size; t++) {
    for (let c = 0; c < 3; c++)
      texture[t * 4 + c] = Math.round(255 * Math.min(1, Math.max(0, field.uvFeatures[t * 3 + c]!)));
    texture[t * 4 + 3] = 255;
  }
  return { width: atlas.width, height: atlas.size, format: 'rgba8' as const, data: texture };
}
