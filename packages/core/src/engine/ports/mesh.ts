import { z } from 'zod';
import { definePortType } from './port-type.js';
import { f32, u32, sized, withSizes } from './schema-helpers.js';

/**
 * A triangle mesh in world space, e.g. a head model evaluated at some params: what driving binds
 * Gaussians to, what the mesh rasterizer draws. Normals are per vertex, unit length, outward.
 */
export const MeshSchema = withSizes(
  z.looseObject({
    vertexCount: z.number().int().nonnegative(),
    triangleCount: z.number().int().nonnegative(),
    vertices: f32,
    triangles: u32,
    normals: f32.optional(),
  }),
  {
    vertices: sized((m) => m.vertexCount * 3, '[V, 3] f32'),
    triangles: sized((m) => m.triangleCount * 3, '[F, 3] u32'),
    normals: sized((m) => m.vertexCount * 3, '[V, 3] f32'),
  },
);
export type Mesh = z.infer<typeof MeshSchema>;
export const Mesh = definePortType<Mesh>({
  name: 'Mesh',
  description:
    'A triangle mesh in world space (metres): vertices [V, 3] f32, triangles [F, 3] u32, optional unit vertex normals [V, 3] f32.',
  schema: MeshSchema,
  color: '#4d908e',
});
