import type { HeadModel } from '@ffavatar/core';

/**
 * The landmarks as a linear function of the shape coefficients: X_l = mean_l + Id_l beta + Ex_l psi,
 * built once from the model's triangle + barycentric embedding. Fitting only ever evaluates these
 * 68 points, never the whole head.
 */
export interface LandmarkBasis {
  count: number;
  identityModes: number;
  expressionModes: number;
  /** [L, 3] metres. */
  mean: Float64Array;
  /** [L * 3, I] row-major. */
  identity: Float64Array;
  /** [L * 3, E] row-major. */
  expression: Float64Array;
}

/** `offsets` [L, 3] metres, if given, moves each landmark off its embedded surface point (a calibration). */
export function landmarkBasis(
  model: HeadModel,
  identityModes: number,
  offsets?: Float32Array,
): LandmarkBasis {
  const lm = model.landmarks;
  if (!lm)
    throw new Error(`head model "${model.name}" has no landmark embedding: it cannot be fitted to landmarks`);
  if (model.skinning) {
    // Joint rotations (FLAME's jaw) make landmarks non-linear in the params; not fitted yet.
    throw new Error(
      `head model "${model.name}" is skinned; landmark fitting supports linear blendshape models (ICT-FaceKit) for now`,
    );
  }
  const L = lm.count,
    I = Math.min(identityModes, model.identityCount),
    E = model.expressionCount;
  const mean = new Float64Array(L * 3),
    identity = new Float64Array(L * 3 * I),
    expression = new Float64Array(L * 3 * E);
  for (let l = 0; l < L; l++) {
    const f = lm.triangles[l]!;
    for (let c = 0; c < 3; c++) {
      const w = lm.barycentrics[l * 3 + c]!;
      if (w === 0) continue;
      const v = model.triangles[f * 3 + c]!;
      for (let a = 0; a < 3; a++) {
        const row = v * 3 + a,
          out = l * 3 + a;
        mean[out] = mean[out]! + w * model.template[row]!;
        for (let k = 0; k < I; k++)
          identity[out * I + k] =
            identity[out * I + k]! + w * model.identityBasis[row * model.identityCount + k]!;
        for (let k = 0; k < E; k++)
          expression[out * E + k] = expression[out * E + k]! + w * model.expressionBasis[row * E + k]!;
      }
    }
  }
  if (offsets) {
    if (offsets.length !== L * 3)
      throw new Error(`landmark offsets: ${offsets.length / 3} points for a model with ${L} landmarks`);
    for (let i = 0; i < L * 3; i++) mean[i] = mean[i]! + offsets[i]!;
  }
  return { count: L, identityModes: I, expressionModes: E, mean, identity, expression };
}
