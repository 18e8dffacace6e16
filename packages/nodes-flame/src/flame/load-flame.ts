import { headModelProblems } from '@ffavatar/core/geometry';
import { readNpz, readNpzKeys } from '@ffavatar/core/io';
import { type HeadModel } from '@ffavatar/core';
import { HeadModelFormatError } from '../errors.js';
import { NpzArrays } from '../npz/arrays.js';

/** The arrays every FLAME npz has (the keys of the official pickles). */
const FLAME_REQUIRED_KEYS = [
  'v_template',
  'shapedirs',
  'posedirs',
  'J_regressor',
  'weights',
  'kintree_table',
  'f',
] as const;
/** Optional: separate expression basis, landmark embeddings (static, or DECA's full 68), texture space UVs. */
const FLAME_OPTIONAL_KEYS = [
  'exprdirs',
  'lmk_faces_idx',
  'lmk_b_coords',
  'full_lmk_faces_idx',
  'full_lmk_b_coords',
  'vt',
  'ft',
] as const;

/** FLAME's joint order (root first); the eyes are the subject's own left and right. */
const FLAME_JOINT_NAMES = ['global', 'neck', 'jaw', 'eye_left', 'eye_right'];

export interface FlameLoadOptions {
  /** HeadModel name (default `flame`). */
  name?: string;
  /**
   * How many leading shapedirs components are identity; the rest are expression. FLAME ships 300
   * shape + 100 expression in one array. Ignored when the file has its own `exprdirs`.
   */
  shapeCount?: number;
}

/**
 * A FLAME model from the user's own npz (FLAME's research licence forbids shipping it): shape and
 * expression blendshapes, pose correctives and LBS over its kinematic tree (global, neck, jaw,
 * eyes). Any float dtype is accepted and stored as f32; any integer dtype for indices.
 */
export function loadFlame(bytes: Uint8Array, source = 'flame.npz', opts: FlameLoadOptions = {}): HeadModel {
  const present = new Set(readNpzKeys(bytes, source));
  const missing = FLAME_REQUIRED_KEYS.filter((k) => !present.has(k));
  if (missing.length > 0) {
    throw new HeadModelFormatError(
      source,
      undefined,
      `not a FLAME npz: missing ${missing.map((k) => `'${k}'`).join(', ')} (a FLAME npz has ${FLAME_REQUIRED_KEYS.join(', ')}; this file has ${[...present].join(', ') || 'no arrays'})`,
    );
  }
  const keys = [...FLAME_REQUIRED_KEYS, ...FLAME_OPTIONAL_KEYS.filter((k) => present.has(k))];
  const npz = new NpzArrays(readNpz(bytes, source, { keys }), source);

  const n: Record<string, number> = {};
  npz.shape('v_template', ['V', 3], n);
  npz.shape('f', ['F', 3], n);
  npz.shape('shapedirs', ['V', 3, 'K'], n);
  npz.shape('J_regressor', ['J', 'V'], n);
  npz.shape('weights', ['V', 'J'], n);
  npz.shape('kintree_table', [2, 'J'], n);
  npz.shape('posedirs', ['V', 3, 'P'], n);
  const V = n.V!,
    F = n.F!,
    J = n.J!,
    K = n.K!;
  if (n.P !== 9 * (J - 1))
    npz.fail('posedirs', `has ${n.P} pose components; ${J} joints need 9 x ${J - 1} = ${9 * (J - 1)}`);

  const triangles = npz.indices('f', V, 'vertices');
  const all = npz.float32('shapedirs');
  let identityCount: number,
    expressionCount: number,
    identityBasis: Float32Array,
    expressionBasis: Float32Array;
  if (npz.has('exprdirs')) {
    npz.shape('exprdirs', ['V', 3, 'E'], n);
    identityCount = K;
    identityBasis = all;
    expressionCount = n.E!;
    expressionBasis = npz.float32('exprdirs');
  } else {
    const S = opts.shapeCount ?? 300;
    if (!(Number.isInteger(S) && S >= 0 && S <= K)) {
      npz.fail(
        'shapedirs',
        `has ${K} components, fewer than the ${S} shape components asked for (FLAME stores 300 shape then 100 expression components; set shapeCount)`,
      );
    }
    identityCount = S;
    expressionCount = K - S;
    [identityBasis, expressionBasis] = splitColumns(all, V * 3, K, S);
  }

  const model: HeadModel = {
    name: opts.name ?? 'flame',
    vertexCount: V,
    triangleCount: F,
    triangles,
    template: npz.float32('v_template'),
    identityCount,
    identityNames: Array.from({ length: identityCount }, (_, i) => `shape${String(i).padStart(3, '0')}`),
    identityBasis,
    expressionCount,
    expressionNames: Array.from({ length: expressionCount }, (_, i) => `exp${String(i).padStart(3, '0')}`),
    expressionBasis,
    expressionRange: 'free',
    skinning: {
      jointCount: J,
      jointNames:
        J === FLAME_JOINT_NAMES.length
          ? FLAME_JOINT_NAMES.slice()
          : Array.from({ length: J }, (_, j) => `joint${j}`),
      parents: parentsOf(npz, J),
      jointRegressor: npz.float32('J_regressor'),
      weights: npz.float32('weights'),
      poseBasis: npz.float32('posedirs'),
    },
  };
  const landmarks = landmarkEmbedding(npz, F);
  if (landmarks) model.landmarks = landmarks;
  if (npz.has('vt') !== npz.has('ft'))
    npz.fail(npz.has('vt') ? 'ft' : 'vt', 'missing: texture coordinates need both vt and ft');
  if (npz.has('vt')) {
    npz.shape('vt', ['T', 2], n);
    npz.shape('ft', ['F', 3], n);
    model.uv = {
      count: n.T!,
      coords: npz.float32('vt'),
      triangles: npz.indices('ft', n.T!, 'UV coordinates'),
    };
  }
  const problems = headModelProblems(model);
  if (problems.length > 0) throw new HeadModelFormatError(source, undefined, problems.join('; '));
  return model;
}

/** [R, K] row-major -> [R, S] and [R, K - S]. */
function splitColumns(all: Float32Array, R: number, K: number, S: number): [Float32Array, Float32Array] {
  const a = new Float32Array(R * S),
    b = new Float32Array(R * (K - S));
  for (let r = 0; r < R; r++) {
    a.set(all.subarray(r * K, r * K + S), r * S);
    b.set(all.subarray(r * K + S, (r + 1) * K), r * (K - S));
  }
  return [a, b];
}

/**
 * kintree_table row 0 holds parents, row 1 the joint ids; the root's parent is any value outside
 * [0, J) (FLAME stores 2^32 - 1 as uint32, others -1).
 */
function parentsOf(npz: NpzArrays, J: number): Int32Array {
  const table = npz.integers('kintree_table');
  const parents = new Int32Array(J).fill(-2);
  for (let c = 0; c < J; c++) {
    const child = table[J + c]!,
      parent = table[c]!;
    if (!(child >= 0 && child < J) || parents[child] !== -2)
      npz.fail(
        'kintree_table',
        `row 1 must list each joint id 0..${J - 1} once, found ${Array.from(table.subarray(J)).join(', ')}`,
      );
    parents[child] = parent >= 0 && parent < J ? parent : -1;
  }
  return parents;
}

function landmarkEmbedding(npz: NpzArrays, F: number): HeadModel['landmarks'] {
  // DECA's full 68-point embedding beats the static 51-point one when a file has both.
  const prefix = npz.has('full_lmk_faces_idx') ? 'full_lmk' : npz.has('lmk_faces_idx') ? 'lmk' : undefined;
  if (!prefix) return undefined;
  const fk = `${prefix}_faces_idx`,
    bk = `${prefix}_b_coords`;
  if (!npz.has(bk)) npz.fail(bk, `missing: ${fk} needs its barycentric coordinates`);
  const n: Record<string, number> = {};
  npz.shape(fk, ['1?', 'L'], n);
  npz.shape(bk, ['1?', 'L', 3], n);
  const L = n.L!;
  const scheme = L === 68 ? 'ibug68' : L === 51 ? 'ibug68-inner51' : `flame-${L}`;
  return { scheme, count: L, triangles: npz.indices(fk, F, 'triangles'), barycentrics: npz.float32(bk) };
}
