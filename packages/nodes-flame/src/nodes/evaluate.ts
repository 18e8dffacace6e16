import { defineNode, evaluateHead, HeadModel, HeadParams, input, Mesh, output, PortError } from '@ffavatar/core';

export const evaluateNode = defineNode({
  type: 'flame.evaluate', version: 1, title: 'Evaluate head', category: 'Head model',
  description: 'Poses a head model: blendshapes, pose correctives and skinning (FLAME), then the global rotation and translation. Outputs the mesh with unit vertex normals.',
  inputs: { model: input(HeadModel), params: input(HeadParams) },
  outputs: { mesh: output(Mesh) },
  run({ inputs }) {
    try {
      return { mesh: evaluateHead(inputs.model, inputs.params) };
    } catch (err) {
      throw new PortError('params', (err as Error).message);
    }
  },
});
