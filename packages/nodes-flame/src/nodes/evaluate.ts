import { defineNode, HeadModel, HeadParams, input, Mesh, output, PortError, Tensor } from '@ffavatar/core';
import { evaluateHead, rodrigues, vertexNormals } from '@ffavatar/core/geometry';
import { applyRefiner } from '../refine/linear-refiner.js';

export const evaluateNode = defineNode({
  type: 'flame.evaluate',
  version: 2,
  title: 'Evaluate head',
  category: 'Head model',
  description:
    'Poses a head model: blendshapes, pose correctives and skinning (FLAME), an optional motion-refiner residual, then the global rotation and translation. Outputs the mesh with unit vertex normals.',
  inputs: {
    model: input(HeadModel),
    params: input(HeadParams),
    refiner: input(Tensor, {
      optional: true,
      description: 'linear motion residual [V * 3, E] (flame.fitRefiner)',
    }),
  },
  outputs: { mesh: output(Mesh) },
  run({ inputs }) {
    const { model, params, refiner } = inputs;
    let mesh;
    try {
      // The residual lives in the model frame: add it before the global rigid transform.
      mesh = evaluateHead(
        model,
        refiner ? { ...params, rotation: new Float32Array(3), translation: new Float32Array(3) } : params,
      );
    } catch (err) {
      throw new PortError('params', (err as Error).message);
    }
    if (!refiner) return { mesh };
    if (refiner.shape[0] !== model.vertexCount * 3 || refiner.shape[1] !== model.expressionCount) {
      throw new PortError(
        'refiner',
        `expected [${model.vertexCount * 3}, ${model.expressionCount}] for ${model.name}, got [${refiner.shape.join(', ')}]`,
      );
    }
    const v = mesh.vertices;
    applyRefiner(v, refiner.data as Float32Array, params.expression);
    const R = new Float64Array(9);
    rodrigues(params.rotation[0]!, params.rotation[1]!, params.rotation[2]!, R);
    for (let i = 0; i < mesh.vertexCount; i++) {
      const x = v[i * 3]!,
        y = v[i * 3 + 1]!,
        z = v[i * 3 + 2]!;
      for (let a = 0; a < 3; a++)
        v[i * 3 + a] = R[a * 3]! * x + R[a * 3 + 1]! * y + R[a * 3 + 2]! * z + params.translation[a]!;
    }
    return { mesh: { ...mesh, normals: vertexNormals(v, mesh.triangles, mesh.vertexCount) } };
  },
});
