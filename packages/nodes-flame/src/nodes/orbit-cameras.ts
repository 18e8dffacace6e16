import { z } from 'zod';
import { Camera, defineNode, input, listOf, output, type Camera as CameraValue } from '@ffavatar/core';

const DEG = Math.PI / 180;
const vec3 = z.tuple([z.number(), z.number(), z.number()]);

export const orbitCamerasNode = defineNode({
  type: 'flame.orbitCameras', version: 1, title: 'Orbit cameras', category: 'Driving', runOn: 'main',
  description: 'Cameras around the head from one camera: the listed (yaw, pitch) views in degrees, or a turntable of `turntable` views over +-`yawRange`. Rotation about the pivot (model space, metres; world +y is up).',
  inputs: { camera: input(Camera) },
  params: z.object({
    views: z.array(z.tuple([z.number(), z.number()])).default([[0, 0]]).describe('(yaw, pitch) pairs in degrees'),
    turntable: z.number().int().min(0).max(360).default(0).describe('if > 0, that many views sweeping yaw instead of `views`'),
    yawRange: z.number().min(0).max(180).default(40),
    pivot: vec3.default([0, 0, 0]),
  }),
  outputs: { cameras: output(listOf(Camera)) },
  run({ inputs, params }) {
    const views = params.turntable > 0
      ? Array.from({ length: params.turntable }, (_, i) => [params.yawRange * Math.sin((2 * Math.PI * i) / params.turntable), 0] as [number, number])
      : params.views;
    return { cameras: views.map(([yaw, pitch]) => orbit(inputs.camera, yaw * DEG, pitch * DEG, params.pivot)) };
  },
});

/**
 * The camera moved around `pivot` so the head turns by `yaw` (about world +y) and `pitch` (about
 * world +x): x_cam = R (M (x - p) + p) + t with M the head rotation, i.e. R' = R M and
 * t' = t + R (p - M p).
 */
export function orbit(cam: CameraValue, yaw: number, pitch: number, pivot: readonly [number, number, number]): CameraValue {
  const cy = Math.cos(yaw), sy = Math.sin(yaw), cp = Math.cos(pitch), sp = Math.sin(pitch);
  // M = Ry(yaw) Rx(pitch), row-major.
  const M = [cy, sy * sp, sy * cp, 0, cp, -sp, -sy, cy * sp, cy * cp];
  const R = cam.rotation, t = cam.translation;
  const rotation = new Float64Array(9);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) rotation[r * 3 + c] = R[r * 3]! * M[c]! + R[r * 3 + 1]! * M[3 + c]! + R[r * 3 + 2]! * M[6 + c]!;
  const mp = [0, 1, 2].map((r) => M[r * 3]! * pivot[0] + M[r * 3 + 1]! * pivot[1] + M[r * 3 + 2]! * pivot[2]);
  const d = [pivot[0] - mp[0]!, pivot[1] - mp[1]!, pivot[2] - mp[2]!];
  const translation = new Float64Array(3);
  for (let r = 0; r < 3; r++) translation[r] = t[r]! + R[r * 3]! * d[0]! + R[r * 3 + 1]! * d[1]! + R[r * 3 + 2]! * d[2]!;
  return { ...cam, rotation, translation };
}
