import { z } from 'zod';
import { definePortType } from './port-type.js';
import { f32, i32, u32, u8, sized, withSizes } from './schema-helpers.js';
import { CameraSchema } from './camera.js';

/**
 * Head models, their parameters, landmarks and per-image tracking. Evaluation (blendshapes,
 * skinning, normals) lives in ../head; these are the data contracts only: plain typed arrays, so a
 * model crosses to a worker by transfer. Units and axes: ../../CONVENTIONS.md (metres; head models
 * are +y up, face toward +z, as FLAME and ICT-FaceKit ship).
 */
export const LandmarksSchema = withSizes(
  z.looseObject({
    scheme: z.string(),
    count: z.number().int().nonnegative(),
    points: f32,
    confidence: f32.optional(),
  }),
  { points: sized((l) => l.count * 2, '[N, 2] f32 pixels'), confidence: sized((l) => l.count, '[N] f32') },
);
export type Landmarks = z.infer<typeof LandmarksSchema>;
export const Landmarks = definePortType<Landmarks>({
  name: 'Landmarks',
  description: '2D landmarks in image pixels [N, 2] f32 (scheme e.g. "ibug68"), optional confidence [N].',
  schema: LandmarksSchema,
  color: '#1982c4',
});

const count = z.number().int().nonnegative();

/**
 * Per-corner texture coordinates: a triangle's corners index `coords`, not the vertices, so one
 * vertex can sit on both sides of a seam. u right, v up (OBJ); u may exceed 1 where a model uses
 * several UDIM-style tiles (ICT-FaceKit does: tile k is u in [k, k+1)).
 */
const UvLayoutSchema = withSizes(z.looseObject({ count, coords: f32, triangles: u32 }), {
  coords: sized((u) => u.count * 2, '[T, 2] f32'),
});

/**
 * Landmarks embedded in the surface: triangle + barycentrics per point, so FLAME's embedding and a
 * vertex-index definition (a corner with weight 1) both fit. Barycentrics weight the triangle's
 * corners in the order `triangles` lists them.
 */
const LandmarkEmbeddingSchema = withSizes(
  z.looseObject({
    /** `ibug68` (iBUG-300W order), or `ibug68-inner51` (its points 17..67, no jaw contour). */
    scheme: z.string(),
    count,
    triangles: u32,
    barycentrics: f32,
  }),
  { triangles: sized((l) => l.count, '[L] u32'), barycentrics: sized((l) => l.count * 3, '[L, 3] f32') },
);

/**
 * Skinning, FLAME style. Joint 0 is the root and parents come before children (parents[0] = -1,
 * parents[j] < j). The pose-corrective basis has one column per entry of (R_j - I), row-major 3x3,
 * for joints 1..J-1 in order: P = 9 (J - 1).
 */
const SkinningSchema = z.looseObject({
  jointCount: z.number().int().positive(),
  jointNames: z.array(z.string()),
  parents: i32,
  /** [J, V] f32: joint positions = regressor @ shaped vertices. */
  jointRegressor: f32,
  /** [V, J] f32: LBS weights (rows normally sum to 1). */
  weights: f32,
  /** [V * 3, P] f32, row = vertex * 3 + axis; absent means no pose correctives. */
  poseBasis: f32.optional(),
});

export const HeadModelSchema = z
  .looseObject({
    /** Stable id, e.g. `ict-facekit-light` or `flame`; HeadParams and Avatars name it. */
    name: z.string().min(1),
    vertexCount: z.number().int().positive(),
    triangleCount: z.number().int().positive(),
    /** [F, 3] u32 vertex indices, counter-clockwise seen from outside. */
    triangles: u32,
    /** [V, 3] f32 neutral mesh, metres. */
    template: f32,
    identityCount: count,
    identityNames: z.array(z.string()),
    /** [V * 3, I] f32 row-major, row = vertex * 3 + axis: offsets per unit coefficient. */
    identityBasis: f32,
    expressionCount: count,
    expressionNames: z.array(z.string()),
    /** [V * 3, E] f32 row-major, row = vertex * 3 + axis. */
    expressionBasis: f32,
    /** `unit`: weights are blendshape activations in [0, 1] (ICT, ARKit); `free`: PCA coefficients (FLAME). */
    expressionRange: z.enum(['unit', 'free']),
    uv: UvLayoutSchema.optional(),
    landmarks: LandmarkEmbeddingSchema.optional(),
    /** [V] u8 region id per vertex, an index into `regionNames`. */
    regions: u8.optional(),
    regionNames: z.array(z.string()).optional(),
    /** Vertices that move rigidly with the skull under every expression (useful for pose). */
    rigidVertices: u32.optional(),
    skinning: SkinningSchema.optional(),
  })
  .superRefine((m, ctx) => {
    const V = m.vertexCount,
      F = m.triangleCount;
    const rules: [path: (string | number)[], actual: number | undefined, want: number, shape: string][] = [
      [['triangles'], m.triangles.length, F * 3, '[F, 3] u32'],
      [['template'], m.template.length, V * 3, '[V, 3] f32'],
      [['identityNames'], m.identityNames.length, m.identityCount, '[I] names'],
      [['identityBasis'], m.identityBasis.length, V * 3 * m.identityCount, '[V * 3, I] f32'],
      [['expressionNames'], m.expressionNames.length, m.expressionCount, '[E] names'],
      [['expressionBasis'], m.expressionBasis.length, V * 3 * m.expressionCount, '[V * 3, E] f32'],
      [['uv', 'triangles'], m.uv?.triangles.length, F * 3, '[F, 3] u32'],
      [['regions'], m.regions?.length, V, '[V] u8'],
    ];
    const s = m.skinning;
    if (s) {
      const J = s.jointCount;
      rules.push(
        [['skinning', 'jointNames'], s.jointNames.length, J, '[J] names'],
        [['skinning', 'parents'], s.parents.length, J, '[J] i32'],
        [['skinning', 'jointRegressor'], s.jointRegressor.length, J * V, '[J, V] f32'],
        [['skinning', 'weights'], s.weights.length, V * J, '[V, J] f32'],
        [['skinning', 'poseBasis'], s.poseBasis?.length, V * 3 * 9 * (J - 1), '[V * 3, 9 (J - 1)] f32'],
      );
    }
    for (const [path, actual, want, shape] of rules) {
      if (actual !== undefined && actual !== want)
        ctx.addIssue({ code: 'custom', path, message: `expected ${shape} (${want} values), got ${actual}` });
    }
    if ((m.regions === undefined) !== (m.regionNames === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['regionNames'],
        message: 'regions and regionNames come together',
      });
    }
  });
export type HeadModel = z.infer<typeof HeadModelSchema>;
export type HeadSkinning = NonNullable<HeadModel['skinning']>;
export const HeadModel = definePortType<HeadModel>({
  name: 'HeadModel',
  description:
    'A parametric head model: template [V, 3] f32 (metres), triangles [F, 3] u32, identity and expression bases [V * 3, I|E] f32 with names, optional per-corner UVs, landmark embedding (triangle + barycentrics), regions, rigid vertices and FLAME-style skinning.',
  schema: HeadModelSchema,
  color: '#8ac926',
});

const vec3 = f32.refine((v) => v.length === 3, 'expected [3] f32');

/**
 * One posed face. Evaluation order: blendshapes, pose correctives, skinning by `jointRotations`,
 * then the global rigid transform x' = R(rotation) x + translation about the model origin. For
 * FLAME, `jointRotations[0]` is FLAME's own root ('global') joint, rotating about the root joint
 * position; fitting normally leaves it at zero and poses the head with `rotation`.
 */
export const HeadParamsSchema = z.looseObject({
  /** The HeadModel's name these parameters belong to. */
  model: z.string().min(1),
  /** [I] f32 identity coefficients. */
  identity: f32,
  /** [E] f32 expression weights. */
  expression: f32,
  /** [3] f32 global rotation, axis-angle (radians). */
  rotation: vec3,
  /** [3] f32 global translation, metres. */
  translation: vec3,
  /** [J, 3] f32 axis-angle per joint (radians), skinned models only; absent means rest pose. */
  jointRotations: f32.refine((v) => v.length % 3 === 0, 'expected [J, 3] f32').optional(),
});
export type HeadParams = z.infer<typeof HeadParamsSchema>;
export const HeadParams = definePortType<HeadParams>({
  name: 'HeadParams',
  description:
    'Head-model parameters: identity [I] f32, expression [E] f32, global rotation (axis-angle, radians) [3] and translation (metres) [3], joint rotations [J, 3] for skinned models.',
  schema: HeadParamsSchema,
  color: '#52a675',
});

export const TrackingSchema = z
  .looseObject({
    /** One entry per image, in input order. */
    frames: z.array(
      z.looseObject({
        camera: CameraSchema,
        params: HeadParamsSchema,
        /** Mean landmark reprojection error of the fit, pixels. */
        error: z.number().nonnegative().optional(),
      }),
    ),
  })
  .superRefine((t, ctx) => {
    // One subject: every frame carries the same model and identity, so a frame can be evaluated alone.
    const first = t.frames[0]?.params;
    if (!first) return;
    t.frames.forEach((f, i) => {
      const p = f.params;
      if (p.model !== first.model)
        ctx.addIssue({
          code: 'custom',
          path: ['frames', i, 'params', 'model'],
          message: `frame ${i} uses model ${p.model}, frame 0 uses ${first.model}`,
        });
      else if (
        p.identity.length !== first.identity.length ||
        p.identity.some((v, k) => v !== first.identity[k])
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['frames', i, 'params', 'identity'],
          message: `frame ${i} has a different identity from frame 0; identity is shared by the images of one subject`,
        });
      }
    });
  });
export type Tracking = z.infer<typeof TrackingSchema>;
export const Tracking = definePortType<Tracking>({
  name: 'Tracking',
  description:
    'Per image: camera and head params of one subject (every frame carries the same model and identity), optional fit error in pixels.',
  schema: TrackingSchema,
  color: '#2a9d8f',
});
