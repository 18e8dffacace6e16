import { z } from 'zod';
import { defineNode, HeadModel, HeadParams, input, output } from '@ffavatar/core';
import { neutralHeadParams } from '@ffavatar/core/geometry';

const vec3 = z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]);

export const headParamsNode = defineNode({
  type: 'flame.params',
  version: 1,
  title: 'Head params',
  category: 'Head model',
  runOn: 'main',
  description:
    'Head-model parameters by name: expression weights (e.g. {"jawOpen": 1}), identity coefficients, global rotation and translation, joint rotations for skinned models. Unset values are zero.',
  inputs: { model: input(HeadModel) },
  params: z.object({
    expression: z.record(z.string(), z.number().finite()).default({}).describe('Expression weights by name'),
    identity: z.array(z.number().finite()).default([]).describe('Leading identity coefficients'),
    rotation: vec3.default([0, 0, 0]).describe('Global rotation, axis-angle in radians'),
    translation: vec3.default([0, 0, 0]).describe('Global translation, metres'),
    joints: z
      .record(z.string(), vec3)
      .default({})
      .describe('Joint rotations by name, axis-angle in radians (FLAME: neck, jaw, eye_left, eye_right)'),
  }),
  outputs: { params: output(HeadParams) },
  run({ inputs, params }) {
    const model = inputs.model;
    const p = neutralHeadParams(model);
    for (const [name, w] of Object.entries(params.expression)) {
      const e = indexOf(model.expressionNames, name, 'expression', model.name);
      if (model.expressionRange === 'unit' && (w < 0 || w > 1)) {
        throw new Error(
          `param "expression": ${name} = ${w} is outside [0, 1], the range of ${model.name}'s expression weights`,
        );
      }
      p.expression[e] = w;
    }
    if (params.identity.length > model.identityCount) {
      throw new Error(
        `param "identity": ${params.identity.length} values given, ${model.name} has ${model.identityCount} identity coefficients`,
      );
    }
    p.identity.set(params.identity);
    p.rotation.set(params.rotation);
    p.translation.set(params.translation);
    const joints = Object.entries(params.joints);
    if (joints.length > 0) {
      const s = model.skinning;
      if (!s)
        throw new Error(
          `param "joints": ${model.name} has no joints (it poses by rotation and expression shapes)`,
        );
      for (const [name, r] of joints)
        p.jointRotations!.set(r, indexOf(s.jointNames, name, 'joints', model.name) * 3);
    }
    return { params: p };
  },
});

/** Index of a name, or an error naming the valid ones (and the likely intended one). */
function indexOf(names: readonly string[], name: string, param: string, model: string): number {
  const i = names.indexOf(name);
  if (i >= 0) return i;
  const near = names.find((n) => n.toLowerCase() === name.toLowerCase());
  throw new Error(
    `param "${param}": unknown name "${name}" for ${model}${near ? ` (did you mean "${near}"?)` : ''}; valid names: ${names.join(', ')}`,
  );
}
