import type { Camera } from '@ffavatar/core';

/**
 * The camera moved around `pivot` so the head turns by `yaw` (about world +y) and `pitch` (about
 * world +x): x_cam = R (M (x - p) + p) + t with M the head rotation, i.e. R' = R M and
 * t' = t + R (p - M p).
 */
export function orbit(
  cam: Camera,
  yaw: number,
  pitch: number,
  pivot: readonly [number, number, number],
): Camera {
  const cy = Math.cos(yaw),
    sy = Math.sin(yaw),
    cp = Math.cos(pitch),
    sp = Math.sin(pitch);
  // M = Ry(yaw) Rx(pitch), row-major.
  const M = [cy, sy * sp, sy * cp, 0, cp, -sp, -sy, cy * sp, cy * cp];
  const R = cam.rotation,
    t = cam.translation;
  const rotation = new Float64Array(9);
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++)
      rotation[r * 3 + c] = R[r * 3]! * M[c]! + R[r * 3 + 1]! * M[3 + c]! + R[r * 3 + 2]! * M[6 + c]!;
  const mp = [0, 1, 2].map((r) => M[r * 3]! * pivot[0] + M[r * 3 + 1]! * pivot[1] + M[r * 3 + 2]! * pivot[2]);
  const d = [pivot[0] - mp[0]!, pivot[1] - mp[1]!, pivot[2] - mp[2]!];
  const translation = new Float64Array(3);
  for (let r = 0; r < 3; r++)
    translation[r] = t[r]! + R[r * 3]! * d[0]! + R[r * 3 + 1]! * d[1]! + R[r * 3 + 2]! * d[2]!;
  return { ...cam, rotation, translation };
}

/** Head size used for framing: about chin to crown plus some neck, metres. */
const HEAD_HEIGHT = 0.3;

/**
 * The same viewpoint, re-aimed like a portrait: principal point moved so the pivot projects to the
 * image centre, focal length set so a head fills `fill` of the image height.
 */
export function framed(cam: Camera, pivot: readonly [number, number, number], fill: number): Camera {
  const R = cam.rotation,
    t = cam.translation;
  const x = R[0]! * pivot[0] + R[1]! * pivot[1] + R[2]! * pivot[2] + t[0]!;
  const y = R[3]! * pivot[0] + R[4]! * pivot[1] + R[5]! * pivot[2] + t[1]!;
  const z = R[6]! * pivot[0] + R[7]! * pivot[1] + R[8]! * pivot[2] + t[2]!;
  if (!(z > 0)) throw new Error('the pivot is behind the camera: cannot frame it');
  const f = (fill * cam.height * z) / HEAD_HEIGHT;
  return { ...cam, fx: f, fy: f, cx: cam.width / 2 - (f * x) / z, cy: cam.height / 2 - (f * y) / z };
}
