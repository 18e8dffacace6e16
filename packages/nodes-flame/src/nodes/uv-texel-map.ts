import { z } from 'zod';
import { defineNode, HeadModel, Image, input, output, PortError, Tensor } from '@ffavatar/core';
import { uvTexelMap } from '../uv/uv-texel-map.js';

export const uvTexelMapNode = defineNode({
  type: 'flame.uvTexelMap',
  version: 1,
  title: 'UV texel map',
  category: 'Mesh',
  description:
    "Rasterises the head model's UV layout: per texel the triangle id ([S, S] i32, -1 empty) and barycentrics ([S, S, 3] f32). Row 0 is v = 1 (top), texel centres at +0.5. Where islands overlap, the lowest triangle id wins.",
  inputs: { model: input(HeadModel) },
  params: z.object({
    size: z.number().int().min(1).max(8192).default(512).describe('Texels per side'),
    tile: z.number().int().nonnegative().default(0).describe('UDIM-style tile: u in [tile, tile + 1)'),
    regions: z.array(z.string()).default([]).describe('Only triangles of these regions (all when empty)'),
  }),
  outputs: { triangle: output(Tensor), barycentric: output(Tensor), preview: output(Image) },
  run({ inputs, params }) {
    const model = inputs.model,
      uv = model.uv;
    if (!uv) throw new PortError('model', `head model "${model.name}" has no UV layout`);
    const include = params.regions.length > 0 ? regionMask(model, params.regions) : undefined;
    const map = uvTexelMap(uv.coords, uv.triangles, params.size, {
      tile: params.tile,
      ...(include ? { include } : {}),
    });
    const S = params.size;
    return {
      triangle: { dtype: 'i32' as const, shape: [S, S], data: map.triangle },
      barycentric: { dtype: 'f32' as const, shape: [S, S, 3], data: map.barycentric },
      preview: preview(map.triangle, map.barycentric, S),
    };
  },
});

function regionMask(model: HeadModel, names: string[]): Uint8Array {
  const known = model.regionNames;
  if (!known || !model.regions) throw new Error(`param "regions": head model "${model.name}" has no regions`);
  const ids = new Set(
    names.map((n) => {
      const i = known.indexOf(n);
      if (i < 0) throw new Error(`param "regions": unknown region "${n}"; valid names: ${known.join(', ')}`);
      return i;
    }),
  );
  // A triangle belongs to the region of its first corner (regions are whole islands in ICT).
  return Uint8Array.from({ length: model.triangleCount }, (_, f) =>
    ids.has(model.regions![model.triangles[f * 3]!]!) ? 1 : 0,
  );
}

/** Triangles in scattered hues, darkened toward their first corner, so islands and seams show. */
function preview(triangle: Int32Array, bary: Float32Array, S: number): Image {
  const data = new Uint8Array(S * S * 4);
  for (let i = 0; i < S * S; i++) {
    const f = triangle[i]!;
    if (f < 0) {
      data[i * 4 + 3] = 255;
      continue;
    }
    const h = Math.imul(f + 1, 0x9e3779b1) >>> 0,
      shade = 0.6 + 0.4 * (1 - bary[i * 3]!);
    data[i * 4] = (96 + (h & 127)) * shade;
    data[i * 4 + 1] = (96 + ((h >>> 8) & 127)) * shade;
    data[i * 4 + 2] = (96 + ((h >>> 16) & 127)) * shade;
    data[i * 4 + 3] = 255;
  }
  return { width: S, height: S, format: 'rgba8', data };
}
