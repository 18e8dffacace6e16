import type { HeadModel } from '../../engine/ports/head.js';

export interface LandmarkPositionOptions {
  /** Where this item's [V, 3] (or [S, 3]) block starts in `positions`, in floats. */
  offset?: number;
  out?: Float32Array;
  /** The vertex subset `positions` was evaluated on (evaluateHeadBatch's `vertices`). */
  vertices?: Uint32Array;
}

/**
 * 3D landmark positions [L, 3] from evaluated vertices, through the model's triangle +
 * barycentric embedding.
 */
export function landmarkPositions(
  model: HeadModel,
  positions: Float32Array,
  opts: LandmarkPositionOptions = {},
): Float32Array {
  const lm = model.landmarks;
  if (!lm) throw new Error(`head model "${model.name}" has no landmark embedding`);
  const L = lm.count,
    offset = opts.offset ?? 0;
  const res = opts.out ?? new Float32Array(L * 3);
  const slot = opts.vertices ? slotMap(opts.vertices) : undefined;
  const tris = model.triangles;
  for (let l = 0; l < L; l++) {
    const f = lm.triangles[l]!;
    let x = 0,
      y = 0,
      z = 0;
    for (let k = 0; k < 3; k++) {
      const w = lm.barycentrics[l * 3 + k]!;
      if (w === 0) continue;
      const vertex = tris[f * 3 + k]!;
      const row = slot ? slot.get(vertex) : vertex;
      if (row === undefined)
        throw new Error(`landmarkPositions: vertex ${vertex} (landmark ${l}) is not in the evaluated subset`);
      const p = offset + row * 3;
      x += w * positions[p]!;
      y += w * positions[p + 1]!;
      z += w * positions[p + 2]!;
    }
    res[l * 3] = x;
    res[l * 3 + 1] = y;
    res[l * 3 + 2] = z;
  }
  return res;
}

/**
 * The distinct vertices the landmark embedding uses, sorted: pass them to evaluateHeadBatch as
 * `vertices` and fitting evaluates a few hundred vertices instead of the whole head.
 */
export function landmarkVertices(model: HeadModel): Uint32Array {
  const lm = model.landmarks;
  if (!lm) throw new Error(`head model "${model.name}" has no landmark embedding`);
  const set = new Set<number>();
  for (let l = 0; l < lm.count; l++) {
    for (let k = 0; k < 3; k++)
      if (lm.barycentrics[l * 3 + k] !== 0) set.add(model.triangles[lm.triangles[l]! * 3 + k]!);
  }
  return Uint32Array.from([...set].sort((a, b) => a - b));
}

function slotMap(vertices: Uint32Array): Map<number, number> {
  const m = new Map<number, number>();
  vertices.forEach((v, i) => m.set(v, i));
  return m;
}
