import { z } from 'zod';
import { definePortType } from './port-type.js';
import { f32, u32, sized, withSizes } from './schema-helpers.js';

/** 3D Gaussians: posed in world space, or bound to head-model triangles inside an Avatar. */
const gaussianFields = {
  count: z.number().int().nonnegative(),
  shDegree: z.number().int().min(0).max(3),
  /** log-scales [N, 3], unit quaternions wxyz [N, 4], logit opacities [N], SH [N, (d+1)^2, 3]. */
  logScales: f32, rotations: f32, logitOpacities: f32, sh: f32,
};
const gaussianSizes = {
  logScales: sized((g) => g.count * 3, '[N, 3] f32'),
  rotations: sized((g) => g.count * 4, '[N, 4] f32'),
  logitOpacities: sized((g) => g.count, '[N] f32'),
  sh: sized((g) => g.count * (g.shDegree + 1) ** 2 * 3, '[N, (d+1)^2, 3] f32'),
};

export const GaussianCloud = definePortType({
  name: 'GaussianCloud',
  description: 'Posed 3D Gaussians in world space, struct of arrays: means [N, 3], log-scales [N, 3], rotations wxyz [N, 4], logit opacities [N], SH [N, (d+1)^2, 3].',
  schema: withSizes(z.looseObject({ ...gaussianFields, means: f32 }), { ...gaussianSizes, means: sized((g) => g.count * 3, '[N, 3] f32') }),
  color: '#ff595e',
});

export const Avatar = definePortType({
  name: 'Avatar',
  description: 'Canonical Gaussians bound to head-model triangles (triangle id [N] u32, barycentrics [N, 3], normal offset [N]) plus identity and an optional motion refiner.',
  schema: withSizes(
    z.looseObject({
      headModel: z.string(),
      identity: f32,
      ...gaussianFields,
      triangle: u32, barycentric: f32, normalOffset: f32,
    }),
    {
      ...gaussianSizes,
      triangle: sized((a) => a.count, '[N] u32'),
      barycentric: sized((a) => a.count * 3, '[N, 3] f32'),
      normalOffset: sized((a) => a.count, '[N] f32'),
    },
  ),
  color: '#d81159',
});
