import { z } from 'zod';
import { Camera, defineNode, HeadModel, Image, input, Mesh, output, PortError, Tensor } from '@ffavatar/core';
import { vertexNormals } from '@ffavatar/core/geometry';
import { rasterizeMesh } from '../raster/rasterize-mesh.js';
import {
  headlightColours,
  normalColours,
  rgbaToImage,
  shadeTexture,
  shadeVertexColours,
} from '../raster/shade.js';

export const renderMeshNode = defineNode({
  type: 'flame.renderMesh',
  version: 1,
  title: 'Render mesh',
  category: 'Mesh',
  description:
    "CPU z-buffer render of a mesh: colour image (headlight-shaded grey, normals, or a UV texture through the head model's UVs), camera-space depth [H, W] f32 (+Infinity empty) and triangle id [H, W] i32 (-1 empty) per pixel.",
  inputs: {
    mesh: input(Mesh),
    camera: input(Camera),
    texture: input(Image, {
      optional: true,
      description: "Texture in the head model's UV layout (top row is v = 1)",
    }),
    model: input(HeadModel, {
      optional: true,
      description: "Supplies the UVs for a texture; must have the mesh's triangles",
    }),
  },
  params: z.object({
    colour: z
      .enum(['auto', 'shaded', 'normals', 'texture'])
      .default('auto')
      .describe('auto: texture when one is connected, else shaded'),
    background: z
      .tuple([z.number(), z.number(), z.number(), z.number()])
      .default([0, 0, 0, 1])
      .describe('RGBA 0..1 where nothing is drawn'),
    cullBackFaces: z.boolean().default(false),
  }),
  outputs: { image: output(Image), depth: output(Tensor), triangle: output(Tensor) },
  run({ inputs, params }) {
    const { mesh, camera, texture, model } = inputs;
    const raster = rasterizeMesh(mesh, camera, { cullBackFaces: params.cullBackFaces });
    const mode = params.colour === 'auto' ? (texture ? 'texture' : 'shaded') : params.colour;
    let rgba: Float32Array;
    if (mode === 'texture') {
      if (!texture) throw new PortError('texture', 'colour "texture" needs a texture image');
      if (!model?.uv) throw new PortError('model', 'a texture needs a head model with UVs');
      if (model.triangleCount !== mesh.triangleCount)
        throw new PortError(
          'model',
          `head model "${model.name}" has ${model.triangleCount} triangles, the mesh ${mesh.triangleCount}`,
        );
      rgba = shadeTexture(raster, model.uv.coords, model.uv.triangles, texture, params.background);
    } else {
      const normals = mesh.normals ?? vertexNormals(mesh.vertices, mesh.triangles, mesh.vertexCount);
      const colours = mode === 'normals' ? normalColours(normals) : headlightColours(mesh, normals, camera);
      rgba = shadeVertexColours(raster, mesh.triangles, colours, 3, params.background);
    }
    const { width: W, height: H } = camera;
    return {
      image: rgbaToImage(rgba, W, H),
      depth: { dtype: 'f32' as const, shape: [H, W], data: raster.depth },
      triangle: { dtype: 'i32' as const, shape: [H, W], data: raster.triangle },
    };
  },
});
