import { z } from 'zod';
import { definePortType } from './port-type.js';
import { f32, u32, sized, withSizes } from './schema-helpers.js';

/**
 * 3D Gaussians, struct of arrays in typed arrays (no per-Gaussian objects):
 * - log-scales [N, 3] (natural log of the standard deviations along the local axes, metres),
 * - rotations [N, 4] unit quaternions w, x, y, z (local to world, or local to triangle frame),
 * - logit opacities [N] (opacity = sigmoid(logit)),
 * - SH [N, (d+1)^2, 3]: coefficient-major, then RGB; coefficient 0 is the DC term, and colour =
 *   0.5 + SH_C0 * dc + ... as in 3DGS (the PLY's channel-major f_rest order is converted at the edge).
 * `extras` carries per-Gaussian properties a file had that we do not interpret (kept on round trip).
 */
const gaussianFields = {
  count: z.number().int().nonnegative(),
  shDegree: z.number().int().min(0).max(3),
  logScales: f32,
  rotations: f32,
  logitOpacities: f32,
  sh: f32,
  extras: z.record(z.string(), f32).optional(),
};
const gaussianSizes = {
  logScales: sized((g) => g.count * 3, '[N, 3] f32'),
  rotations: sized((g) => g.count * 4, '[N, 4] f32'),
  logitOpacities: sized((g) => g.count, '[N] f32'),
  sh: sized((g) => g.count * (g.shDegree + 1) ** 2 * 3, '[N, (d+1)^2, 3] f32'),
};

function extrasSized<T extends { count: number; extras?: Record<string, Float32Array> }>(
  g: T,
  ctx: z.RefinementCtx,
): void {
  for (const [name, values] of Object.entries(g.extras ?? {})) {
    if (values.length !== g.count)
      ctx.addIssue({
        code: 'custom',
        path: ['extras', name],
        message: `expected [N] f32 (${g.count} values), got ${values.length}`,
      });
  }
}

export const GaussianCloudSchema = withSizes(z.looseObject({ ...gaussianFields, means: f32 }), {
  ...gaussianSizes,
  means: sized((g) => g.count * 3, '[N, 3] f32'),
}).superRefine(extrasSized);
export type GaussianCloud = z.infer<typeof GaussianCloudSchema>;
export const GaussianCloud = definePortType<GaussianCloud>({
  name: 'GaussianCloud',
  description:
    'Posed 3D Gaussians in world space: means [N, 3] (metres), log-scales [N, 3], rotations wxyz [N, 4], logit opacities [N], SH [N, (d+1)^2, 3].',
  schema: GaussianCloudSchema,
  color: '#ff595e',
});

/**
 * Gaussians bound to head-model triangles, as in GaussianAvatars. Each triangle has a frame: origin
 * at the point given by the barycentrics, axes (first edge, normal x edge, normal) orthonormalised,
 * and a scale k = mean edge length. A Gaussian sits at origin + normalOffset * k * normal; its
 * rotation is relative to the frame and its world standard deviations are k * exp(logScales).
 */
export const AvatarSchema = withSizes(
  z.looseObject({
    /** Head model the binding refers to, e.g. `ict-facekit-light`; driving checks it matches. */
    headModel: z.string(),
    /** Subject identity coefficients [I] of that head model. */
    identity: f32,
    ...gaussianFields,
    triangle: u32,
    barycentric: f32,
    normalOffset: f32,
  }),
  {
    ...gaussianSizes,
    triangle: sized((a) => a.count, '[N] u32'),
    barycentric: sized((a) => a.count * 3, '[N, 3] f32'),
    normalOffset: sized((a) => a.count, '[N] f32'),
  },
).superRefine(extrasSized);
export type Avatar = z.infer<typeof AvatarSchema>;
export const Avatar = definePortType<Avatar>({
  name: 'Avatar',
  description:
    'Canonical Gaussians bound to head-model triangles: triangle [N] u32, barycentrics [N, 3], normal offset [N] (in triangle scales), rotation and log-scale relative to the triangle frame; identity [I]; optional motion refiner.',
  schema: AvatarSchema,
  color: '#d81159',
});
