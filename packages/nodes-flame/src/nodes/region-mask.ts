import { z } from 'zod';
import { Camera, defineNode, HeadModel, Image, input, Mesh, output, PortError } from '@ffavatar/core';
import { rasterizeMesh } from '../raster/rasterize-mesh.js';

export const regionMaskNode = defineNode({
  type: 'flame.regionMask',
  version: 1,
  title: 'Region mask',
  category: 'Mesh',
  description:
    'A mask of the pixels where the given head-model regions are the nearest surface (e.g. the face, for metrics inside the face): white, opaque there; transparent elsewhere.',
  inputs: {
    mesh: input(Mesh),
    camera: input(Camera),
    model: input(HeadModel, { description: 'supplies the regions' }),
  },
  params: z.object({ regions: z.array(z.string()).min(1).default(['face']) }),
  outputs: { mask: output(Image) },
  run({ inputs, params }) {
    const { mesh, camera, model } = inputs;
    if (!model.regions || !model.regionNames)
      throw new PortError('model', `head model "${model.name}" has no regions`);
    const wanted = new Set(
      params.regions.map((name) => {
        const i = model.regionNames!.indexOf(name);
        if (i < 0)
          throw new Error(
            `param "regions": ${model.name} has no region "${name}"; it has ${model.regionNames!.join(', ')}`,
          );
        return i;
      }),
    );
    const raster = rasterizeMesh(mesh, camera, { cullBackFaces: true });
    const data = new Uint8Array(camera.width * camera.height * 4);
    for (let p = 0; p < raster.triangle.length; p++) {
      const f = raster.triangle[p]!;
      if (f < 0 || !wanted.has(model.regions[mesh.triangles[f * 3]!]!)) continue;
      data.fill(255, p * 4, p * 4 + 4);
    }
    return { mask: { width: camera.width, height: camera.height, format: 'rgba8' as const, data } };
  },
});
