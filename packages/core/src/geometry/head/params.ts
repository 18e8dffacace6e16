import type { HeadModel, HeadParams } from '../../engine/ports/head.js';

/**
 * Many parameter sets for one model, packed row by row, so fitting can evaluate them in one pass
 * over the bases (each basis row is read once for the whole batch).
 */
export interface HeadParamsBatch {
  readonly count: number;
  /** [B, I] */
  readonly identity: Float32Array;
  /** [B, E] */
  readonly expression: Float32Array;
  /** [B, 3] axis-angle, radians */
  readonly rotation: Float32Array;
  /** [B, 3] metres */
  readonly translation: Float32Array;
  /** [B, J, 3] axis-angle, radians; skinned models only, absent = rest pose */
  readonly jointRotations?: Float32Array | undefined;
}

/** Parameters that reproduce the template: every coefficient, rotation and translation zero. */
export function neutralHeadParams(model: HeadModel): HeadParams {
  const J = model.skinning?.jointCount ?? 0;
  return {
    model: model.name,
    identity: new Float32Array(model.identityCount),
    expression: new Float32Array(model.expressionCount),
    rotation: new Float32Array(3),
    translation: new Float32Array(3),
    ...(J > 0 ? { jointRotations: new Float32Array(J * 3) } : {}),
  };
}

/** Throws, naming the field and both sizes, when `params` were not made for `model`. */
export function assertParamsFit(model: HeadModel, params: HeadParams, label = 'HeadParams'): void {
  const fail = (what: string) => {
    throw new Error(`${label} do not fit head model "${model.name}": ${what}`);
  };
  if (params.model !== model.name) fail(`they belong to model "${params.model}"`);
  if (params.identity.length !== model.identityCount)
    fail(`identity has ${params.identity.length} values, the model has ${model.identityCount}`);
  if (params.expression.length !== model.expressionCount)
    fail(`expression has ${params.expression.length} values, the model has ${model.expressionCount}`);
  if (params.rotation.length !== 3 || params.translation.length !== 3)
    fail('rotation and translation need 3 values each');
  const J = model.skinning?.jointCount ?? 0;
  const jr = params.jointRotations;
  if (jr && jr.length !== J * 3)
    fail(`jointRotations has ${jr.length} values, the model has ${J} joints (${J * 3} values)`);
}

/** Packs parameter sets (checked against the model) into a batch. */
export function batchHeadParams(model: HeadModel, list: readonly HeadParams[]): HeadParamsBatch {
  const B = list.length,
    I = model.identityCount,
    E = model.expressionCount;
  const J = model.skinning?.jointCount ?? 0;
  const identity = new Float32Array(B * I),
    expression = new Float32Array(B * E);
  const rotation = new Float32Array(B * 3),
    translation = new Float32Array(B * 3);
  const anyJoints = J > 0 && list.some((p) => p.jointRotations !== undefined);
  const jointRotations = anyJoints ? new Float32Array(B * J * 3) : undefined;
  list.forEach((p, b) => {
    assertParamsFit(model, p, `HeadParams #${b}`);
    identity.set(p.identity, b * I);
    expression.set(p.expression, b * E);
    rotation.set(p.rotation, b * 3);
    translation.set(p.translation, b * 3);
    if (jointRotations && p.jointRotations) jointRotations.set(p.jointRotations, b * J * 3);
  });
  return { count: B, identity, expression, rotation, translation, jointRotations };
}

/** Throws when a batch's arrays do not match its count and the model's sizes. */
export function assertBatchFits(model: HeadModel, batch: HeadParamsBatch): void {
  const B = batch.count,
    J = model.skinning?.jointCount ?? 0;
  const check = (name: string, arr: Float32Array | undefined, want: number) => {
    if (arr && arr.length !== want)
      throw new Error(
        `HeadParamsBatch for "${model.name}": ${name} has ${arr.length} values, expected ${want} (${B} sets)`,
      );
  };
  if (!Number.isInteger(B) || B < 0)
    throw new Error(`HeadParamsBatch: count ${B} is not a non-negative integer`);
  check('identity', batch.identity, B * model.identityCount);
  check('expression', batch.expression, B * model.expressionCount);
  check('rotation', batch.rotation, B * 3);
  check('translation', batch.translation, B * 3);
  if (batch.jointRotations && J === 0)
    throw new Error(`HeadParamsBatch: model "${model.name}" has no joints, but jointRotations were given`);
  check('jointRotations', batch.jointRotations, B * J * 3);
}
