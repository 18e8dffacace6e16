import type { CanonicalField, HeadModel, Image } from '@ffavatar/core';
import { mirrorTexels, texelPoints } from './mirror-map.js';
import { pushPull } from './push-pull.js';
import type { UvAtlas } from './uv-atlas.js';

/** Colours for mouth regions no photo shows (a closed mouth hides teeth, gums and the socket). */
const MOUTH_PRIORS: Record<string, [number, number, number]> = {
  teeth: [0.88, 0.85, 0.78],
  gums_tongue: [0.62, 0.27, 0.28],
  mouth_socket: [0.16, 0.05, 0.06],
};

export interface FuseFieldOptions {
  /** Blend in each texel's left-right mirror where the texel itself is seen poorly or not at all. */
  symmetry?: boolean;
  /** Weight of a mirrored observation against a texel's own of the same weight. */
  mirrorWeight?: number;
  /**
   * A texel's own weight at which its mirror's share has fallen to 1/e: the blend is smooth in the
   * viewing angle, so there is no seam where "seen" turns into "mirrored" (a frontal texel of one
   * photo has weight 1, one seen at 67 degrees 0.15).
   */
  mirrorFade?: number;
  /** Confidence of one frontal observation: w / (w + k). */
  confidenceScale?: number;
}

/**
 * The canonical field from per-image running sums (see fuseImage): colour = sum(w c) / sum(w);
 * confidence from the total weight. Texels seen poorly or not at all blend in their left-right
 * mirror (blendMirror), then mouth interior priors and push-pull fill what is left, so every texel has a plausible colour and an honest confidence
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
  if (opts.symmetry ?? true) blendMirror(model, atlas, sums, colour, known, k, opts);
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

/**
 * Each texel's colour blended with its mirror's own colour, weighted by the mirror's observation
 * weight times a factor that fades as the texel's own weight grows: a texel seen head-on keeps its
 * colour, one seen at a grazing angle or not at all takes the other side's. The mirrored colour is
 * first scaled by the brightness ratio of the two sides (from texels both sides see well), so a
 * face lit from one side does not get its dark half pasted onto the bright one.
 */
function blendMirror(
  model: HeadModel,
  atlas: UvAtlas,
  sums: Float64Array,
  colour: Float32Array,
  known: Float32Array,
  k: number,
  opts: FuseFieldOptions,
): void {
  const mirror = mirrorTexels(model, atlas);
  const points = texelPoints(model, atlas.triangle, atlas.barycentric);
  const weightOf = opts.mirrorWeight ?? 0.5,
    fade = opts.mirrorFade ?? 0.15;
  const gain = sideGains(sums, mirror, points);
  for (let t = 0; t < mirror.length; t++) {
    const m = mirror[t]!;
    if (m < 0) continue;
    const wm0 = sums[m * 4 + 3]!;
    if (wm0 <= 0) continue;
    const wt = sums[t * 4 + 3]!;
    const wm = weightOf * wm0 * Math.exp(-wt / fade);
    if (wm < 1e-6 * (wt + 1e-6)) continue;
    const g = points[t * 3]! < 0 ? 0 : 3;
    for (let c = 0; c < 3; c++)
      colour[t * 3 + c] = (sums[t * 4 + c]! + (wm / wm0) * sums[m * 4 + c]! * gain[g + c]!) / (wt + wm);
    known[t] = (wt + wm) / (wt + wm + k);
  }
}

/**
 * Per side (x < 0, x >= 0) and channel: mean colour of the side's well-seen texels over the mean of
 * their mirrors, clamped to [0.5, 2]; 1 with too few pairs to tell.
 */
function sideGains(sums: Float64Array, mirror: Int32Array, points: Float32Array): Float64Array {
  const own = new Float64Array(6),
    other = new Float64Array(6),
    pairs = [0, 0];
  const wellSeen = 0.3,
    midline = 0.01; // metres: the midline's texels mirror onto themselves
  for (let t = 0; t < mirror.length; t++) {
    const m = mirror[t]!;
    if (m < 0 || Math.abs(points[t * 3]!) < midline) continue;
    const wt = sums[t * 4 + 3]!,
      wm = sums[m * 4 + 3]!;
    if (wt < wellSeen || wm < wellSeen) continue;
    const s = points[t * 3]! < 0 ? 0 : 1;
    pairs[s]!++;
    for (let c = 0; c < 3; c++) {
      own[s * 3 + c] = own[s * 3 + c]! + sums[t * 4 + c]! / wt;
      other[s * 3 + c] = other[s * 3 + c]! + sums[m * 4 + c]! / wm;
    }
  }
  const gain = new Float64Array(6).fill(1);
  for (let s = 0; s < 2; s++) {
    if (pairs[s]! < 50) continue;
    for (let c = 0; c < 3; c++) {
      const o = other[s * 3 + c]!;
      if (o > 0) gain[s * 3 + c] = Math.min(2, Math.max(0.5, own[s * 3 + c]! / o));
    }
  }
  return gain;
}

/**
 * Confidence below which an observed texel is feathered into the push-pull fill: 0.5 is one photo
 * at 60 degrees (weight cos^2 = 0.25 against confidenceScale 0.25).
 */
const FEATHER = 0.5;

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
    pushPull(pageColour, pageKnown, S, S, 3, FEATHER);
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
