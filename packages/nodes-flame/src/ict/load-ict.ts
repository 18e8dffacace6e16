import { headModelProblems } from '@ffavatar/core/geometry';
import { readNpz } from '@ffavatar/core/io';
import { type HeadModel } from '@ffavatar/core';
import { HeadModelFormatError } from '../errors.js';
import { embedVertices } from '../landmarks/vertex-embedding.js';
import { NpzArrays } from '../npz/arrays.js';

/** Where the resolver finds the converted ICT-FaceKit Light file (`asset:` prefix in graph paths). */
export const ICT_ASSET = 'ict-facekit-light/ict_facekit_light.npz';
/** The name the loaded model carries: what the fit's ICT-only tables check. */
export const ICT_MODEL_NAME = 'ict-facekit-light';

/**
 * The file's rigid_verts include 24 chin and jaw-line vertices that jawOpen moves by 39 mm, and
 * mouth-socket ones that cheekPuff moves by 7 mm: the HeadModel contract (still under every
 * expression) keeps only those no single expression shape moves further than this, in metres.
 */
export const ICT_RIGID_TOLERANCE = 1e-3;

/** The arrays of the converted file (see the asset's README). */
const ICT_KEYS = [
  'v_template',
  'shapedirs',
  'exprdirs',
  'expr_names',
  'f',
  'vt',
  'ft',
  'lmk68',
  'region',
  'region_names',
  'rigid_verts',
] as const;

/**
 * ICT-FaceKit Light (npz bytes) as a HeadModel: half-float bases widened to f32 in their stored
 * [V, 3, K] layout (already the HeadModel's [V * 3, K] rows), landmark vertices embedded as
 * triangle + barycentrics. No joints: pose is the global rigid transform, jaw and eyes move by
 * expression shapes. `source` names the file in errors.
 */
export function loadIctFaceKit(bytes: Uint8Array, source = ICT_ASSET): HeadModel {
  const npz = new NpzArrays(readNpz(bytes, source, { keys: ICT_KEYS }), source);
  // One size table across keys, so e.g. exprdirs must agree with v_template on V.
  const n: Record<string, number> = {};
  npz.shape('v_template', ['V', 3], n);
  npz.shape('f', ['F', 3], n);
  npz.shape('vt', ['T', 2], n);
  npz.shape('ft', ['F', 3], n);
  npz.shape('shapedirs', ['V', 3, 'I'], n);
  npz.shape('exprdirs', ['V', 3, 'E'], n);
  npz.shape('expr_names', ['E'], n);
  npz.shape('region', ['V'], n);
  npz.shape('lmk68', [68]);
  const V = n.V!,
    F = n.F!,
    T = n.T!,
    identityCount = n.I!,
    expressionCount = n.E!;
  const triangles = npz.indices('f', V, 'vertices');
  const lmk = npz.indices('lmk68', V, 'vertices');
  const regionNames = npz.strings('region_names');
  const regions = Uint8Array.from(npz.indices('region', regionNames.length, 'region names'));
  const expressionBasis = npz.float32('exprdirs');
  const model: HeadModel = {
    name: ICT_MODEL_NAME,
    vertexCount: V,
    triangleCount: F,
    triangles,
    template: npz.float32('v_template'),
    identityCount,
    identityNames: Array.from({ length: identityCount }, (_, i) => `identity${String(i).padStart(3, '0')}`),
    identityBasis: npz.float32('shapedirs'),
    expressionCount,
    expressionNames: npz.strings('expr_names'),
    expressionBasis,
    expressionRange: 'unit',
    uv: { count: T, coords: npz.float32('vt'), triangles: npz.indices('ft', T, 'UV coordinates') },
    landmarks: { scheme: 'ibug68', count: 68, ...embedVertices(lmk, triangles) },
    regions,
    regionNames,
    rigidVertices: stillVertices(npz.indices('rigid_verts', V, 'vertices'), expressionBasis, expressionCount),
  };
  const problems = headModelProblems(model);
  if (problems.length > 0) throw new HeadModelFormatError(source, undefined, problems.join('; '));
  return model;
}

/** The candidates that no expression shape moves more than ICT_RIGID_TOLERANCE. */
function stillVertices(candidates: Uint32Array, basis: Float32Array, E: number): Uint32Array {
  const tol2 = ICT_RIGID_TOLERANCE * ICT_RIGID_TOLERANCE;
  return candidates.filter((v) => {
    for (let e = 0; e < E; e++) {
      const x = basis[v * 3 * E + e]!,
        y = basis[(v * 3 + 1) * E + e]!,
        z = basis[(v * 3 + 2) * E + e]!;
      if (x * x + y * y + z * z > tol2) return false;
    }
    return true;
  });
}
