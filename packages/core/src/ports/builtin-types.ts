import { z } from 'zod';
import { definePortType, listOf, type PortType } from './port-type.js';

/**
 * The port types every package meets through. Geometry conventions (axes, matrix layout, units)
 * are fixed once in ../../CONVENTIONS.md; the schemas here check shapes, not meaning.
 * Domain types are loose objects: later stages may add fields without breaking older nodes.
 */

/** A typed-array field; typed as ArrayBufferLike-backed so SharedArrayBuffer views pass too. */
function typed<T>(ctor: abstract new (...args: any[]) => unknown, name: string) {
  return z.custom<T>((v) => v instanceof ctor, { message: `expected a ${name}` });
}
const f32 = typed<Float32Array>(Float32Array, 'Float32Array');
const f64 = typed<Float64Array>(Float64Array, 'Float64Array');
const u32 = typed<Uint32Array>(Uint32Array, 'Uint32Array');
const u16 = typed<Uint16Array>(Uint16Array, 'Uint16Array');
const u8 = typed<Uint8Array>(Uint8Array, 'Uint8Array');
const i32 = typed<Int32Array>(Int32Array, 'Int32Array');

/** A length check for a typed-array field, with the expected shape in the message. */
function sized<T extends { length: number }>(schema: z.ZodType<T>, len: (parent: any) => number, shape: string) {
  return { schema, len, shape };
}

function withSizes<S extends z.ZodObject>(object: S, sizes: Record<string, ReturnType<typeof sized>>) {
  return object.superRefine((value: any, ctx) => {
    for (const [key, spec] of Object.entries(sizes)) {
      const field = value[key];
      if (field === undefined) continue;
      const want = spec.len(value);
      if (field.length !== want) {
        ctx.addIssue({ code: 'custom', path: [key], message: `expected ${spec.shape} (${want} values), got ${field.length}` });
      }
    }
  });
}

export const Any = definePortType<unknown>({
  name: 'Any', description: 'Any value; checked by the consuming node.', schema: z.unknown(), color: '#c0c0c0',
});
export const Text = definePortType({ name: 'Text', description: 'A string.', schema: z.string(), color: '#9bc53d' });
export const Num = definePortType({ name: 'Number', description: 'A finite number.', schema: z.number().finite(), color: '#5bc0eb' });
export const Bool = definePortType({ name: 'Boolean', description: 'true or false.', schema: z.boolean(), color: '#5bc0eb' });
export const Path = definePortType({
  name: 'Path',
  description: 'A file or folder path; relative paths resolve against the graph file\'s folder.',
  schema: z.string().min(1),
  color: '#e0c060',
});
export const Json = definePortType({
  name: 'Json', description: 'A JSON value.', schema: z.json(), color: '#b0b0b0',
});

export const TensorSchema = withSizes(
  z.looseObject({
    dtype: z.enum(['f32', 'f16', 'i32', 'u8']),
    shape: z.array(z.number().int().nonnegative()),
    data: z.union([f32, u16, i32, u8]),
  }),
  { data: sized(z.any(), (t) => t.shape.reduce((a: number, b: number) => a * b, 1), 'prod(shape)') },
);
export type Tensor = z.infer<typeof TensorSchema>;
export const Tensor = definePortType<Tensor>({
  name: 'Tensor',
  description: 'An n-d array, row-major: dtype f32 | f16 (raw bits in Uint16Array) | i32 | u8, shape, data.',
  schema: TensorSchema,
  color: '#f18f01',
});

export const ImageSchema = withSizes(
  z.looseObject({
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    format: z.enum(['rgba8', 'rgba32f']),
    data: z.union([u8, f32]),
  }),
  { data: sized(z.any(), (i) => i.width * i.height * 4, '[H, W, 4]') },
).refine((i) => (i.format === 'rgba8') === i.data instanceof Uint8Array, {
  message: 'format rgba8 needs Uint8Array data, rgba32f needs Float32Array', path: ['data'],
});
export type Image = z.infer<typeof ImageSchema>;
export const Image = definePortType<Image>({
  name: 'Image',
  description: 'RGBA image [H, W, 4], top row first: rgba8 (Uint8Array, sRGB) or rgba32f (Float32Array, 0..1, the same sRGB encoding as rgba8).',
  schema: ImageSchema,
  color: '#c3423f',
});

const mat3 = f64.refine((m) => m.length === 9, 'expected [3, 3] f64 row-major');
const vec3 = f64.refine((v) => v.length === 3, 'expected [3] f64');

export const CameraSchema = z.looseObject({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  fx: z.number().positive(), fy: z.number().positive(), cx: z.number(), cy: z.number(),
  rotation: mat3,
  translation: vec3,
});
export type Camera = z.infer<typeof CameraSchema>;
export const Camera = definePortType<Camera>({
  name: 'Camera',
  description: 'Pinhole camera, OpenCV axes: intrinsics in pixels, world-to-camera rotation [3, 3] f64 row-major and translation [3] f64 (x_cam = R x_world + t).',
  schema: CameraSchema,
  color: '#6a4c93',
});

export const LandmarksSchema = withSizes(
  z.looseObject({
    scheme: z.string(),
    count: z.number().int().nonnegative(),
    points: f32,
    confidence: f32.optional(),
  }),
  { points: sized(f32, (l) => l.count * 2, '[N, 2] f32 pixels'), confidence: sized(f32, (l) => l.count, '[N] f32') },
);
export type Landmarks = z.infer<typeof LandmarksSchema>;
export const Landmarks = definePortType<Landmarks>({
  name: 'Landmarks',
  description: '2D landmarks in image pixels [N, 2] f32 (scheme e.g. "ibug68"), optional confidence [N].',
  schema: LandmarksSchema,
  color: '#1982c4',
});

export const HeadModelSchema = withSizes(
  z.looseObject({
    name: z.string(),
    vertexCount: z.number().int().positive(),
    triangleCount: z.number().int().positive(),
    vertices: f32,
    triangles: u32,
    identityNames: z.array(z.string()),
    expressionNames: z.array(z.string()),
  }),
  {
    vertices: sized(f32, (m) => m.vertexCount * 3, '[V, 3] f32'),
    triangles: sized(u32, (m) => m.triangleCount * 3, '[F, 3] u32'),
  },
);
export type HeadModel = z.infer<typeof HeadModelSchema>;
export const HeadModel = definePortType<HeadModel>({
  name: 'HeadModel',
  description: 'A parametric head model: neutral vertices [V, 3] f32 (metres), triangles [F, 3] u32, identity and expression bases.',
  schema: HeadModelSchema,
  color: '#8ac926',
});

export const HeadParamsSchema = z.looseObject({
  model: z.string(),
  identity: f32,
  expression: f32,
  /** Axis-angle per joint [J, 3] f32 (radians), joint order defined by the head model. */
  pose: f32,
});
export type HeadParams = z.infer<typeof HeadParamsSchema>;
export const HeadParams = definePortType<HeadParams>({
  name: 'HeadParams',
  description: 'Head-model parameters: identity [I] f32, expression [E] f32, pose as axis-angle per joint [J, 3] f32.',
  schema: HeadParamsSchema,
  color: '#52a675',
});

export const Tracking = definePortType({
  name: 'Tracking',
  description: 'Per image: camera and head params (identity shared across the images of one subject).',
  schema: z.looseObject({ frames: z.array(z.looseObject({ camera: CameraSchema, params: HeadParamsSchema })) }),
  color: '#2a9d8f',
});

export const Tokens = definePortType({
  name: 'Tokens',
  description: 'Feature tokens [B, N, D] f32 (B images or 1 canonical set).',
  schema: withSizes(
    z.looseObject({ batch: z.number().int().positive(), count: z.number().int().nonnegative(), dim: z.number().int().positive(), data: f32 }),
    { data: sized(f32, (t) => t.batch * t.count * t.dim, '[B, N, D] f32') },
  ),
  color: '#ff924c',
});

export const CanonicalField = definePortType({
  name: 'CanonicalField',
  description: 'Canonical appearance in head-model UV space: feature map [S, S, C] f32, confidence [S, S] f32, per-vertex features [V, C] f32.',
  schema: withSizes(
    z.looseObject({
      uvSize: z.number().int().positive(),
      channels: z.number().int().positive(),
      uvFeatures: f32,
      uvConfidence: f32,
      vertexFeatures: f32,
    }),
    {
      uvFeatures: sized(f32, (c) => c.uvSize * c.uvSize * c.channels, '[S, S, C] f32'),
      uvConfidence: sized(f32, (c) => c.uvSize * c.uvSize, '[S, S] f32'),
    },
  ),
  color: '#ffca3a',
});

const gaussianFields = {
  count: z.number().int().nonnegative(),
  shDegree: z.number().int().min(0).max(3),
  /** log-scales [N, 3], unit quaternions wxyz [N, 4], logit opacities [N], SH [N, (d+1)^2, 3]. */
  logScales: f32, rotations: f32, logitOpacities: f32, sh: f32,
};
const gaussianSizes = {
  logScales: sized(f32, (g) => g.count * 3, '[N, 3] f32'),
  rotations: sized(f32, (g) => g.count * 4, '[N, 4] f32'),
  logitOpacities: sized(f32, (g) => g.count, '[N] f32'),
  sh: sized(f32, (g) => g.count * (g.shDegree + 1) ** 2 * 3, '[N, (d+1)^2, 3] f32'),
};

export const GaussianCloud = definePortType({
  name: 'GaussianCloud',
  description: 'Posed 3D Gaussians in world space, struct of arrays: means [N, 3], log-scales [N, 3], rotations wxyz [N, 4], logit opacities [N], SH [N, (d+1)^2, 3].',
  schema: withSizes(z.looseObject({ ...gaussianFields, means: f32 }), { ...gaussianSizes, means: sized(f32, (g) => g.count * 3, '[N, 3] f32') }),
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
      triangle: sized(u32, (a) => a.count, '[N] u32'),
      barycentric: sized(f32, (a) => a.count * 3, '[N, 3] f32'),
      normalOffset: sized(f32, (a) => a.count, '[N] f32'),
    },
  ),
  color: '#d81159',
});

export const Motion = definePortType({
  name: 'Motion',
  description: 'A sequence of head params at a frame rate: expression [T, E] f32, pose [T, J, 3] f32.',
  schema: z.looseObject({
    fps: z.number().positive(),
    frames: z.number().int().nonnegative(),
    expression: f32,
    pose: f32,
  }),
  color: '#3a86ff',
});

export const Metrics = definePortType({
  name: 'Metrics',
  description: 'Named scalar figures, e.g. { psnr: 31.2, ssim: 0.94 }.',
  schema: z.record(z.string(), z.number()),
  color: '#8338ec',
});

export const builtinPortTypes: readonly PortType<any>[] = [
  Any, Text, Num, Bool, Path, Json, Tensor, Image, Camera, Landmarks, HeadModel, HeadParams,
  Tracking, Tokens, CanonicalField, Avatar, GaussianCloud, Motion, Metrics,
];

/** Resolves a type name as written in a graph file, e.g. `Image` or `List<Path>`. */
export function portTypeByName(name: string, known: Iterable<PortType<any>> = builtinPortTypes): PortType | undefined {
  const list = /^List<(.+)>$/.exec(name);
  if (list) {
    const item = portTypeByName(list[1]!, known);
    return item && listOf(item);
  }
  for (const t of known) if (t.name === name) return t;
  return undefined;
}
