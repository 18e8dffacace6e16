import { evaluateHead, landmarkPositions } from '@ffavatar/core/geometry';
import { type Camera, type HeadModel, type HeadParams } from '@ffavatar/core';
import { cholesky, choleskySolve } from '../fit/dense.js';

/**
 * The classic motion refiner: motion the head model's blendshapes cannot make (this subject's
 * smile pulls the mouth corners further than ICT's) learned as a linear residual on expression,
 * R [V * 3, E]: vertices += R psi. Fitted from what tracking leaves unexplained: each photo's
 * landmark residual, lifted to the head's frame at the landmark's depth, regressed on that photo's
 * expression per landmark (ridge, no bias: the neutral face keeps its shape), then spread to nearby
 * vertices with a Gaussian falloff on the neutral head. Needs photos with different expressions.
 */
export interface RefinerObservation {
  camera: Camera;
  params: HeadParams;
  /** Detected landmarks [L, 2] pixels, in the model's landmark order. */
  points: Float32Array;
}

export interface RefinerOptions {
  /** Ridge weight (per unit expression^2): larger keeps the residual small with few photos. */
  ridge?: number;
  /** Falloff radius on the head, metres. */
  radius?: number;
}

export function fitLinearRefiner(
  model: HeadModel,
  observations: readonly RefinerObservation[],
  opts: RefinerOptions = {},
): Float32Array {
  const E = model.expressionCount,
    V = model.vertexCount;
  const ridge = opts.ridge ?? 0.05,
    radius = opts.radius ?? 0.012;
  const lmCount = model.landmarks?.count ?? 0;
  if (lmCount === 0) throw new Error(`head model "${model.name}" has no landmarks to fit a refiner from`);
  // Per photo: 3D residual per landmark in the model frame.
  const deltas = observations.map((o) => {
    const mesh = evaluateHead(model, o.params);
    const lm = landmarkPositions(model, mesh.vertices);
    const R = o.camera.rotation,
      t = o.camera.translation;
    const out = new Float64Array(lmCount * 3);
    for (let l = 0; l < lmCount; l++) {
      const x = lm[l * 3]!,
        y = lm[l * 3 + 1]!,
        z = lm[l * 3 + 2]!;
      const cz = R[6]! * x + R[7]! * y + R[8]! * z + t[2]!;
      const cx = R[0]! * x + R[1]! * y + R[2]! * z + t[0]!,
        cy = R[3]! * x + R[4]! * y + R[5]! * z + t[1]!;
      const u = (o.camera.fx * cx) / cz + o.camera.cx,
        v = (o.camera.fy * cy) / cz + o.camera.cy;
      // Image-plane shift at the landmark's depth, back to the model frame (R^T).
      const dx = ((o.points[l * 2]! - u) * cz) / o.camera.fx,
        dy = ((o.points[l * 2 + 1]! - v) * cz) / o.camera.fy;
      for (let a = 0; a < 3; a++) out[l * 3 + a] = R[a]! * dx + R[3 + a]! * dy;
    }
    return out;
  });
  // Ridge regression shared by all landmarks: W_l = Delta_l^T Psi (Psi^T Psi + ridge I)^-1.
  const n = observations.length;
  const A = new Float64Array(E * E);
  for (const o of observations)
    for (let p = 0; p < E; p++)
      for (let q = 0; q < E; q++)
        A[p * E + q] = A[p * E + q]! + o.params.expression[p]! * o.params.expression[q]!;
  for (let p = 0; p < E; p++) A[p * E + p] = A[p * E + p]! + ridge;
  if (!cholesky(A, E)) throw new Error('refiner: the expression system is singular');
  const W = new Float64Array(lmCount * 3 * E);
  const rhs = new Float64Array(E);
  for (let r = 0; r < lmCount * 3; r++) {
    rhs.fill(0);
    for (let i = 0; i < n; i++)
      for (let p = 0; p < E; p++) rhs[p] = rhs[p]! + deltas[i]![r]! * observations[i]!.params.expression[p]!;
    choleskySolve(A, E, rhs);
    W.set(rhs, r * E);
  }
  // Spread to vertices: inverse-distance (Shepard) weights, so a landmark's own vertex takes its
  // residual in full, faded out with the distance to the nearest landmark.
  const anchors = landmarkPositions(model, model.template);
  const out = new Float32Array(V * 3 * E);
  const s2 = 2 * radius * radius,
    reach2 = 9 * radius * radius,
    eps2 = 1e-6;
  const k = new Float64Array(lmCount);
  for (let v = 0; v < V; v++) {
    let sum = 0,
      nearest = Infinity;
    for (let l = 0; l < lmCount; l++) {
      const d2 =
        (model.template[v * 3]! - anchors[l * 3]!) ** 2 +
        (model.template[v * 3 + 1]! - anchors[l * 3 + 1]!) ** 2 +
        (model.template[v * 3 + 2]! - anchors[l * 3 + 2]!) ** 2;
      nearest = Math.min(nearest, d2);
      k[l] = d2 < reach2 ? 1 / (d2 + eps2) ** 2 : 0;
      sum += k[l]!;
    }
    if (sum === 0) continue;
    const fade = Math.exp(-nearest / s2) / sum;
    for (let l = 0; l < lmCount; l++) {
      const w = k[l]! * fade;
      if (w === 0) continue;
      for (let a = 0; a < 3; a++)
        for (let e = 0; e < E; e++)
          out[(v * 3 + a) * E + e] = out[(v * 3 + a) * E + e]! + w * W[(l * 3 + a) * E + e]!;
    }
  }
  return out;
}

/** Adds the refiner's residual for `expression` to evaluated vertices, in place. */
export function applyRefiner(vertices: Float32Array, refiner: Float32Array, expression: Float32Array): void {
  const E = expression.length;
  const active: number[] = [];
  for (let e = 0; e < E; e++) if (expression[e] !== 0) active.push(e);
  if (active.length === 0) return;
  for (let r = 0; r < vertices.length; r++) {
    let s = 0;
    for (const e of active) s += refiner[r * E + e]! * expression[e]!;
    vertices[r] = vertices[r]! + s;
  }
}
