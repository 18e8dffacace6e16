import type { HeadModel, HeadSkinning } from '../../engine/ports/head.js';
import { rodrigues } from './rodrigues.js';

/**
 * What skinning needs beyond the model's arrays, derived once per model: joint positions are
 * linear in the coefficients (regressor @ (template + bases @ c)), so the regressor is folded into
 * the bases here and a joint costs 3 (I + E) multiply-adds per evaluation instead of a pass over
 * every vertex. That is also what lets a subset of vertices (landmarks) be evaluated alone.
 */
export interface Rig {
  readonly J: number;
  readonly parents: Int32Array;
  /** [J, 3] joints of the template */
  readonly jointTemplate: Float64Array;
  /** [J * 3, I] joint offsets per identity coefficient */
  readonly jointIdentity: Float64Array;
  /** [J * 3, E] joint offsets per expression coefficient */
  readonly jointExpression: Float64Array;
}

// Keyed by the model object: models are immutable data, so what is derived from one stays valid.
const rigs = new WeakMap<HeadModel, Rig>();

export function rigOf(model: HeadModel): Rig | undefined {
  const s = model.skinning;
  if (!s) return undefined;
  let rig = rigs.get(model);
  if (!rig) {
    rig = buildRig(model, s);
    rigs.set(model, rig);
  }
  return rig;
}

function buildRig(model: HeadModel, s: HeadSkinning): Rig {
  const V = model.vertexCount,
    J = s.jointCount,
    I = model.identityCount,
    E = model.expressionCount;
  const jointTemplate = new Float64Array(J * 3);
  const jointIdentity = new Float64Array(J * 3 * I);
  const jointExpression = new Float64Array(J * 3 * E);
  for (let j = 0; j < J; j++) {
    for (let v = 0; v < V; v++) {
      const w = s.jointRegressor[j * V + v]!;
      if (w === 0) continue; // regressors are sparse: a few dozen vertices per joint
      for (let a = 0; a < 3; a++) {
        const row = v * 3 + a,
          jr = j * 3 + a;
        jointTemplate[jr] = jointTemplate[jr]! + w * model.template[row]!;
        for (let i = 0; i < I; i++)
          jointIdentity[jr * I + i] = jointIdentity[jr * I + i]! + w * model.identityBasis[row * I + i]!;
        for (let e = 0; e < E; e++)
          jointExpression[jr * E + e] =
            jointExpression[jr * E + e]! + w * model.expressionBasis[row * E + e]!;
      }
    }
  }
  return { J, parents: s.parents, jointTemplate, jointIdentity, jointExpression };
}

/** Scratch for one evaluation of the kinematic tree; reused across a batch. */
export interface PoseScratch {
  /** [J, 3] posed-shape joints */
  readonly joints: Float64Array;
  /** [J, 9] local rotations */
  readonly local: Float64Array;
  /** [J, 12] world transforms, 3x4 row-major */
  readonly world: Float64Array;
}

export function poseScratch(J: number): PoseScratch {
  return { joints: new Float64Array(J * 3), local: new Float64Array(J * 9), world: new Float64Array(J * 12) };
}

/**
 * For batch item b: the skinning transforms A_j (3x4 row-major, written to `skin` at b * J * 12)
 * that take a rest-pose point to its posed position, with the global rotation `g` (row-major 3x3)
 * folded into them, and the pose-corrective features (R_j - I for j >= 1, into `features` at
 * b * 9 (J - 1)). Translation is added after skinning, since LBS weights need not sum to 1.
 */
export function poseJoints(
  rig: Rig,
  identity: Float32Array | Float64Array,
  I: number,
  expression: Float32Array | Float64Array,
  E: number,
  jointRotations: Float32Array | Float64Array | undefined,
  b: number,
  g: Float64Array,
  scratch: PoseScratch,
  skin: Float64Array,
  features: Float64Array,
): void {
  const { J, parents, jointTemplate, jointIdentity, jointExpression } = rig;
  const { joints, local, world } = scratch;
  for (let r = 0; r < J * 3; r++) {
    let x = jointTemplate[r]!;
    for (let i = 0; i < I; i++) x += jointIdentity[r * I + i]! * identity[b * I + i]!;
    for (let e = 0; e < E; e++) x += jointExpression[r * E + e]! * expression[b * E + e]!;
    joints[r] = x;
  }
  const jr = jointRotations,
    jo = b * J * 3;
  for (let j = 0; j < J; j++) {
    if (jr) rodrigues(jr[jo + j * 3]!, jr[jo + j * 3 + 1]!, jr[jo + j * 3 + 2]!, local, j * 9);
    else rodrigues(0, 0, 0, local, j * 9);
  }
  const fo = b * 9 * (J - 1);
  for (let j = 1; j < J; j++) {
    for (let k = 0; k < 9; k++) features[fo + (j - 1) * 9 + k] = local[j * 9 + k]! - (k % 4 === 0 ? 1 : 0);
  }
  // World transform G_j = G_parent [R_j | J_j - J_parent]; the root is [R_0 | J_0].
  for (let j = 0; j < J; j++) {
    const p = parents[j]!,
      L = j * 9,
      W = j * 12;
    const tx = joints[j * 3]! - (p >= 0 ? joints[p * 3]! : 0);
    const ty = joints[j * 3 + 1]! - (p >= 0 ? joints[p * 3 + 1]! : 0);
    const tz = joints[j * 3 + 2]! - (p >= 0 ? joints[p * 3 + 2]! : 0);
    if (p < 0) {
      for (let r = 0; r < 3; r++) {
        world[W + r * 4] = local[L + r * 3]!;
        world[W + r * 4 + 1] = local[L + r * 3 + 1]!;
        world[W + r * 4 + 2] = local[L + r * 3 + 2]!;
      }
      world[W + 3] = tx;
      world[W + 7] = ty;
      world[W + 11] = tz;
      continue;
    }
    const P = p * 12;
    for (let r = 0; r < 3; r++) {
      const a0 = world[P + r * 4]!,
        a1 = world[P + r * 4 + 1]!,
        a2 = world[P + r * 4 + 2]!;
      for (let c = 0; c < 3; c++)
        world[W + r * 4 + c] = a0 * local[L + c]! + a1 * local[L + 3 + c]! + a2 * local[L + 6 + c]!;
      world[W + r * 4 + 3] = a0 * tx + a1 * ty + a2 * tz + world[P + r * 4 + 3]!;
    }
  }
  // A_j = g [G_j.R | G_j.t - G_j.R J_j]: moves the rest pose about each joint, then rotates globally.
  const so = b * J * 12;
  for (let j = 0; j < J; j++) {
    const W = j * 12,
      jx = joints[j * 3]!,
      jy = joints[j * 3 + 1]!,
      jz = joints[j * 3 + 2]!;
    const t0 = world[W + 3]! - (world[W]! * jx + world[W + 1]! * jy + world[W + 2]! * jz);
    const t1 = world[W + 7]! - (world[W + 4]! * jx + world[W + 5]! * jy + world[W + 6]! * jz);
    const t2 = world[W + 11]! - (world[W + 8]! * jx + world[W + 9]! * jy + world[W + 10]! * jz);
    for (let r = 0; r < 3; r++) {
      const g0 = g[r * 3]!,
        g1 = g[r * 3 + 1]!,
        g2 = g[r * 3 + 2]!;
      for (let c = 0; c < 3; c++) {
        skin[so + W + r * 4 + c] = g0 * world[W + c]! + g1 * world[W + 4 + c]! + g2 * world[W + 8 + c]!;
      }
      skin[so + W + r * 4 + 3] = g0 * t0 + g1 * t1 + g2 * t2;
    }
  }
}
