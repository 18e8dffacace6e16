import type { HeadModel, HeadParams } from '../../engine/ports/head.js';
import type { Mesh } from '../../engine/ports/mesh.js';
import { activeColumns, addRowToBatch } from './active-columns.js';
import { vertexNormals } from './normals.js';
import { assertBatchFits, batchHeadParams, type HeadParamsBatch } from './params.js';
import { poseJoints, poseScratch, rigOf } from './rig.js';
import { rodrigues } from './rodrigues.js';

export interface EvaluateBatchOptions {
  /** Evaluate only these vertices (e.g. landmark corners); output is [B, S, 3] in this order. */
  vertices?: Uint32Array | undefined;
  /** Also compute unit normals; needs every vertex, so it cannot be combined with `vertices`. */
  normals?: boolean | undefined;
  /** Reuse an output buffer of [B, S, 3] floats (fitting evaluates thousands of times). */
  out?: Float32Array | undefined;
}

export interface EvaluatedBatch {
  readonly count: number;
  /** Vertices per item: V, or the length of the `vertices` option. */
  readonly vertexCount: number;
  /** [B, S, 3] f32, metres */
  readonly positions: Float32Array;
  /** [B, V, 3] f32 unit normals, when asked for */
  readonly normals?: Float32Array;
}

/**
 * Evaluates a head model for many parameter sets:
 *   shaped = template + identityBasis @ identity + expressionBasis @ expression
 *   posed  = shaped + poseBasis @ (R_j - I)_{j >= 1}                (skinned models)
 *   x      = R_g * sum_j w_vj A_j(posed) + t_g                      (A_j from the kinematic tree)
 * and x = R_g shaped + t_g for unskinned models (ICT). The loop runs over vertices outside and
 * batch items inside, so each basis row is read once per batch; coefficient columns that are zero
 * in every item are skipped.
 */
export function evaluateHeadBatch(
  model: HeadModel,
  batch: HeadParamsBatch,
  opts: EvaluateBatchOptions = {},
): EvaluatedBatch {
  assertBatchFits(model, batch);
  const V = model.vertexCount,
    I = model.identityCount,
    E = model.expressionCount,
    B = batch.count;
  const subset = opts.vertices;
  if (subset && opts.normals)
    throw new Error('evaluateHeadBatch: normals need every vertex; drop `vertices` or `normals`');
  const S = subset ? subset.length : V;
  if (subset) {
    for (let s = 0; s < S; s++)
      if (subset[s]! >= V)
        throw new Error(`evaluateHeadBatch: vertex index ${subset[s]} out of range (model has ${V})`);
  }
  const out = opts.out ?? new Float32Array(B * S * 3);
  if (out.length !== B * S * 3)
    throw new Error(`evaluateHeadBatch: out has ${out.length} floats, expected ${B * S * 3}`);

  const id = activeColumns(batch.identity, B, I);
  const ex = activeColumns(batch.expression, B, E);
  const globalR = new Float64Array(B * 9);
  for (let b = 0; b < B; b++)
    rodrigues(batch.rotation[b * 3]!, batch.rotation[b * 3 + 1]!, batch.rotation[b * 3 + 2]!, globalR, b * 9);

  const rig = rigOf(model);
  const skinning = model.skinning;
  const J = rig ? rig.J : 0,
    P = 9 * Math.max(0, J - 1);
  const skin = new Float64Array(B * J * 12);
  const features = new Float64Array(B * P);
  if (rig) {
    const scratch = poseScratch(J);
    for (let b = 0; b < B; b++) {
      poseJoints(
        rig,
        batch.identity,
        I,
        batch.expression,
        E,
        batch.jointRotations,
        b,
        globalR.subarray(b * 9, b * 9 + 9),
        scratch,
        skin,
        features,
      );
    }
  }
  const poseBasis = skinning?.poseBasis;
  const pose = poseBasis && P > 0 ? activeColumns(features, B, P) : undefined;
  const usePose = pose !== undefined && pose.count > 0;
  const weights = skinning?.weights;
  const { template, identityBasis, expressionBasis } = model;
  const t = batch.translation;
  const m = new Float64Array(12); // blended skinning transform of one vertex
  const acc = new Float64Array(B * 3); // one vertex, every item: shaped (and corrected) position

  for (let s = 0; s < S; s++) {
    const v = subset ? subset[s]! : s;
    const r0 = v * 3;
    for (let b = 0; b < B; b++) {
      acc[b * 3] = template[r0]!;
      acc[b * 3 + 1] = template[r0 + 1]!;
      acc[b * 3 + 2] = template[r0 + 2]!;
    }
    for (let a = 0; a < 3; a++) {
      if (id.count > 0) addRowToBatch(identityBasis, r0 + a, I, id, B, acc, a);
      if (ex.count > 0) addRowToBatch(expressionBasis, r0 + a, E, ex, B, acc, a);
      if (usePose) addRowToBatch(poseBasis!, r0 + a, P, pose!, B, acc, a);
    }
    for (let b = 0; b < B; b++) {
      const x = acc[b * 3]!,
        y = acc[b * 3 + 1]!,
        z = acc[b * 3 + 2]!;
      const o = (b * S + s) * 3;
      if (weights) {
        m.fill(0);
        const so = b * J * 12;
        for (let j = 0; j < J; j++) {
          const w = weights[v * J + j]!;
          if (w === 0) continue;
          for (let k = 0; k < 12; k++) m[k] = m[k]! + w * skin[so + j * 12 + k]!;
        }
        out[o] = m[0]! * x + m[1]! * y + m[2]! * z + m[3]! + t[b * 3]!;
        out[o + 1] = m[4]! * x + m[5]! * y + m[6]! * z + m[7]! + t[b * 3 + 1]!;
        out[o + 2] = m[8]! * x + m[9]! * y + m[10]! * z + m[11]! + t[b * 3 + 2]!;
      } else {
        const g = b * 9;
        out[o] = globalR[g]! * x + globalR[g + 1]! * y + globalR[g + 2]! * z + t[b * 3]!;
        out[o + 1] = globalR[g + 3]! * x + globalR[g + 4]! * y + globalR[g + 5]! * z + t[b * 3 + 1]!;
        out[o + 2] = globalR[g + 6]! * x + globalR[g + 7]! * y + globalR[g + 8]! * z + t[b * 3 + 2]!;
      }
    }
  }

  if (!opts.normals) return { count: B, vertexCount: S, positions: out };
  const normals = new Float32Array(B * V * 3);
  for (let b = 0; b < B; b++) vertexNormals(out, model.triangles, V, normals, b * V * 3);
  return { count: B, vertexCount: S, positions: out, normals };
}

/**
 * Evaluates one parameter set to a Mesh with unit area-weighted normals. The mesh owns fresh
 * arrays (its triangles are a copy), so it can be handed on and transferred without touching the
 * model.
 */
export function evaluateHead(model: HeadModel, params: HeadParams): Mesh {
  const r = evaluateHeadBatch(model, batchHeadParams(model, [params]), { normals: true });
  return {
    vertexCount: model.vertexCount,
    triangleCount: model.triangleCount,
    vertices: r.positions,
    triangles: model.triangles.slice(),
    normals: r.normals!,
  };
}
