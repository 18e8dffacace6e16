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
    frame: z.number().min(0).max(1).default(0).describe('if > 0, re-aim so the pivot is centred and a head (0.3 m) fills this fraction of the height'),
  }),
  outputs: { cameras: output(listOf(Camera)) },
  run({ inputs, params }) {
    const views = params.turntable > 0
      ? Array.from({ length: params.turntable }, (_, i) => [params.yawRange * Math.sin((2 * Math.PI * i) / params.turntable), 0] as [number, number])
      : params.views;
    const base = params.frame > 0 ? framed(inputs.camera, params.pivot, params.frame) : inputs.camera;
    return { cameras: views.map(([yaw, pitch]) => orbit(base, yaw * DEG, pitch * DEG, params.pivot)) };
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

/** Head size used for framing: about chin to crown plus some neck, metres. */
const HEAD_HEIGHT = 0.3;

/**
 * The same viewpoint, re-aimed like a portrait: principal point moved so the pivot projects to the
 * image centre, focal length set so a head fills `fill` of the image height.
 */
export function framed(cam: CameraValue, pivot: readonly [number, number, number], fill: number): CameraValue {
  const R = cam.rotation, t = cam.translation;
  const x = R[0]! * pivot[0] + R[1]! * pivot[1] + R[2]! * pivot[2] + t[0]!;
  const y = R[3]! * pivot[0] + R[4]! * pivot[1] + R[5]! * pivot[2] + t[1]!;
  const z = R[6]! * pivot[0] + R[7]! * pivot[1] + R[8]! * pivot[2] + t[2]!;
  if (!(z > 0)) throw new Error('the pivot is behind the camera: cannot frame it');
  const f = (fill * cam.height * z) / HEAD_HEIGHT;
  return { ...cam, fx: f, fy: f, cx: cam.width / 2 - (f * x) / z, cy: cam.height / 2 - (f * y) / z };
}
