import type { HeadModel, HeadParams } from '../../engine/ports/head.js';
import { assertParamsFit } from './params.js';
import { poseJoints, poseScratch, rigOf, type Rig } from './rig.js';
import { rodrigues } from './rodrigues.js';

/** dL/d(each head parameter), in the HeadParams layout, f64. */
export interface HeadParamGradients {
  identity: Float64Array;
  expression: Float64Array;
  /** Axis-angle, d/d(radian). */
  rotation: Float64Array;
  translation: Float64Array;
  /** [J, 3]; skinned models only. */
  jointRotations?: Float64Array;
}

export function allocateHeadParamGradients(model: HeadModel): HeadParamGradients {
  const J = model.skinning?.jointCount ?? 0;
  return {
    identity: new Float64Array(model.identityCount),
    expression: new Float64Array(model.expressionCount),
    rotation: new Float64Array(3),
    translation: new Float64Array(3),
    ...(J > 0 ? { jointRotations: new Float64Array(J * 3) } : {}),
  };
}

// Step for the central differences through the small kinematic parts (Rodrigues, the joint tree):
// they are smooth and cheap (a few dozen numbers), so f64 differences are exact to ~1e-10 where an
// analytic Jacobian of the tree would be a page of code to get wrong.
const H = 1e-5;

/**
 * The transpose of `evaluateHead` at `params`: from dL/d(posed vertex) [V, 3] to every head
 * parameter, *added* into `out`. The large linear parts (the bases, skinning by fixed transforms)
 * are transposed exactly; the small nonlinear ones (the global rotation's Rodrigues map, and for
 * skinned models the joint tree, whose transforms depend on the joint positions and hence on
 * identity and expression) by central differences of their few outputs, contracted with the
 * analytic gradient of those outputs. Costs one pass over the bases, like one evaluation.
 */
export interface HeadBackwardOptions {
  /** The vertices `params` pose to ([V, 3], from evaluateHead): spares re-evaluating the shape. */
  posed?: ArrayLike<number> | undefined;
  /** Skip the identity (or expression) gradient, left unchanged in `out`: it is most of the cost. */
  identity?: boolean | undefined;
  expression?: boolean | undefined;
}

export function headParamsBackward(
  model: HeadModel,
  params: HeadParams,
  dVertices: ArrayLike<number>,
  out: HeadParamGradients = allocateHeadParamGradients(model),
  opts: HeadBackwardOptions = {},
): HeadParamGradients {
  assertParamsFit(model, params);
  const V = model.vertexCount,
    I = model.identityCount,
    E = model.expressionCount;
  if (dVertices.length !== V * 3)
    throw new Error(`headParamsBackward: ${dVertices.length} gradient values, the model has ${V * 3}`);
  const { template, identityBasis, expressionBasis } = model;
  const shapedOf = (r0: number, s: Float64Array) => {
    for (let a = 0; a < 3; a++) {
      const row = r0 + a;
      let x = template[row]!;
      for (let i = 0; i < I; i++) x += identityBasis[row * I + i]! * params.identity[i]!;
      for (let e = 0; e < E; e++) x += expressionBasis[row * E + e]! * params.expression[e]!;
      s[a] = x;
    }
  };
  // Accumulated in locals (f64) and added to `out` at the end.
  const wantId = opts.identity ?? true,
    wantEx = opts.expression ?? true;
  const gId = new Float64Array(wantId ? I : 0),
    gEx = new Float64Array(wantEx ? E : 0);
  const addBasisTranspose = (row: number, g: number) => {
    if (g === 0) return;
    if (wantId) for (let i = 0, o = row * I; i < I; i++) gId[i] = gId[i]! + identityBasis[o + i]! * g;
    if (wantEx) for (let e = 0, o = row * E; e < E; e++) gEx[e] = gEx[e]! + expressionBasis[o + e]! * g;
  };
  const flush = () => {
    for (let i = 0; i < gId.length; i++) out.identity[i] = out.identity[i]! + gId[i]!;
    for (let e = 0; e < gEx.length; e++) out.expression[e] = out.expression[e]! + gEx[e]!;
    return out;
  };

  const rig = rigOf(model);
  if (!rig) {
    // x = R s + t: dL/ds = R^T g; dL/dR = sum g s^T, contracted with dR/d(axis-angle).
    const R = new Float64Array(9);
    rodrigues(params.rotation[0]!, params.rotation[1]!, params.rotation[2]!, R);
    const dR = new Float64Array(9);
    const s = new Float64Array(3);
    const posed = opts.posed;
    if (posed && posed.length !== V * 3)
      throw new Error(`headParamsBackward: posed has ${posed.length} values, the model has ${V * 3}`);
    const t = params.translation;
    for (let v = 0; v < V; v++) {
      const r0 = v * 3;
      const gx = dVertices[r0]!,
        gy = dVertices[r0 + 1]!,
        gz = dVertices[r0 + 2]!;
      if (gx === 0 && gy === 0 && gz === 0) continue;
      out.translation[0] = out.translation[0]! + gx;
      out.translation[1] = out.translation[1]! + gy;
      out.translation[2] = out.translation[2]! + gz;
      if (posed) {
        // s = R^T (x - t)
        const px = posed[r0]! - t[0]!,
          py = posed[r0 + 1]! - t[1]!,
          pz = posed[r0 + 2]! - t[2]!;
        for (let c = 0; c < 3; c++) s[c] = R[c]! * px + R[3 + c]! * py + R[6 + c]! * pz;
      } else shapedOf(r0, s);
      for (let r = 0; r < 3; r++) {
        const g = r === 0 ? gx : r === 1 ? gy : gz;
        for (let c = 0; c < 3; c++) dR[r * 3 + c] = dR[r * 3 + c]! + g * s[c]!;
      }
      for (let c = 0; c < 3; c++) addBasisTranspose(r0 + c, R[c]! * gx + R[3 + c]! * gy + R[6 + c]! * gz);
    }
    const Rp = new Float64Array(9),
      Rm = new Float64Array(9);
    for (let k = 0; k < 3; k++) {
      const p = [params.rotation[0]!, params.rotation[1]!, params.rotation[2]!];
      p[k] = p[k]! + H;
      rodrigues(p[0]!, p[1]!, p[2]!, Rp);
      p[k] = p[k]! - 2 * H;
      rodrigues(p[0]!, p[1]!, p[2]!, Rm);
      let d = 0;
      for (let m = 0; m < 9; m++) d += (dR[m]! * (Rp[m]! - Rm[m]!)) / (2 * H);
      out.rotation[k] = out.rotation[k]! + d;
    }
    return flush();
  }
  skinnedBackward(model, rig, params, dVertices, out, shapedOf, addBasisTranspose, wantId, wantEx);
  return flush();
}

/**
 * Skinned: x = sum_j w_vj A_j [s; 1] + t, s = shaped + poseBasis @ f, where A_j (global rotation
 * folded in) and the corrective features f = (R_j - I) come from `poseJoints`. dL/ds = M_v^T g goes
 * through the bases; dL/dA_j = sum_v w_vj g [s; 1]^T and dL/df = poseBasis^T dL/ds are contracted
 * with the differences of A and f in each coefficient and joint angle.
 */
function skinnedBackward(
  model: HeadModel,
  rig: Rig,
  params: HeadParams,
  dVertices: ArrayLike<number>,
  out: HeadParamGradients,
  shapedOf: (r0: number, s: Float64Array) => void,
  addBasisTranspose: (row: number, g: number) => void,
  wantId: boolean,
  wantEx: boolean,
): void {
  const V = model.vertexCount,
    I = model.identityCount,
    E = model.expressionCount;
  const J = rig.J,
    P = 9 * (J - 1);
  const skinning = model.skinning!;
  const weights = skinning.weights,
    poseBasis = skinning.poseBasis;
  const identity = Float64Array.from(params.identity),
    expression = Float64Array.from(params.expression);
  const rotation = Float64Array.from(params.rotation);
  const joints = Float64Array.from(params.jointRotations ?? new Float32Array(J * 3));
  const scratch = poseScratch(J);
  const R = new Float64Array(9);
  // Coefficients and angles are perturbed in f64 copies, so a step is exactly the step taken.
  const pose = (skin: Float64Array, features: Float64Array) => {
    rodrigues(rotation[0]!, rotation[1]!, rotation[2]!, R);
    poseJoints(rig, identity, I, expression, E, joints, 0, R, scratch, skin, features);
  };
  const skin = new Float64Array(J * 12),
    features = new Float64Array(P);
  pose(skin, features);

  const dA = new Float64Array(J * 12);
  const dF = new Float64Array(P);
  const m = new Float64Array(12);
  const s = new Float64Array(3);
  for (let v = 0; v < V; v++) {
    const r0 = v * 3;
    const gx = dVertices[r0]!,
      gy = dVertices[r0 + 1]!,
      gz = dVertices[r0 + 2]!;
    if (gx === 0 && gy === 0 && gz === 0) continue;
    out.translation[0] = out.translation[0]! + gx;
    out.translation[1] = out.translation[1]! + gy;
    out.translation[2] = out.translation[2]! + gz;
    shapedOf(r0, s);
    if (poseBasis) {
      for (let a = 0; a < 3; a++) {
        let x = s[a]!;
        for (let p = 0; p < P; p++) x += poseBasis[(r0 + a) * P + p]! * features[p]!;
        s[a] = x;
      }
    }
    m.fill(0);
    for (let j = 0; j < J; j++) {
      const w = weights[v * J + j]!;
      if (w === 0) continue;
      for (let k = 0; k < 12; k++) m[k] = m[k]! + w * skin[j * 12 + k]!;
      for (let r = 0; r < 3; r++) {
        const g = w * (r === 0 ? gx : r === 1 ? gy : gz);
        const o = j * 12 + r * 4;
        dA[o] = dA[o]! + g * s[0]!;
        dA[o + 1] = dA[o + 1]! + g * s[1]!;
        dA[o + 2] = dA[o + 2]! + g * s[2]!;
        dA[o + 3] = dA[o + 3]! + g;
      }
    }
    for (let c = 0; c < 3; c++) {
      const gs = m[c]! * gx + m[4 + c]! * gy + m[8 + c]! * gz;
      addBasisTranspose(r0 + c, gs);
      if (poseBasis && gs !== 0)
        for (let p = 0; p < P; p++) dF[p] = dF[p]! + poseBasis[(r0 + c) * P + p]! * gs;
    }
  }

  const skinP = new Float64Array(J * 12),
    skinM = new Float64Array(J * 12),
    fP = new Float64Array(P),
    fM = new Float64Array(P);
  const contract = (h: number) => {
    let d = 0;
    for (let k = 0; k < J * 12; k++) d += dA[k]! * (skinP[k]! - skinM[k]!);
    for (let k = 0; k < P; k++) d += dF[k]! * (fP[k]! - fM[k]!);
    return d / (2 * h);
  };
  // Identity and expression enter the tree only through the joint positions, linearly: any step is
  // exact there, and a large one keeps the rounding of the difference small.
  const linear = (arr: Float64Array, k: number) => {
    const x = arr[k]!,
      h = 0.5;
    arr[k] = x + h;
    pose(skinP, fP);
    arr[k] = x - h;
    pose(skinM, fM);
    arr[k] = x;
    return contract(h);
  };
  if (wantId) for (let i = 0; i < I; i++) out.identity[i] = out.identity[i]! + linear(identity, i);
  if (wantEx) for (let e = 0; e < E; e++) out.expression[e] = out.expression[e]! + linear(expression, e);
  const angle = (arr: Float64Array, k: number) => {
    const x = arr[k]!;
    arr[k] = x + H;
    pose(skinP, fP);
    arr[k] = x - H;
    pose(skinM, fM);
    arr[k] = x;
    return contract(H);
  };
  for (let k = 0; k < 3; k++) out.rotation[k] = out.rotation[k]! + angle(rotation, k);
  const jr = out.jointRotations;
  if (jr) for (let k = 0; k < J * 3; k++) jr[k] = jr[k]! + angle(joints, k);
}
