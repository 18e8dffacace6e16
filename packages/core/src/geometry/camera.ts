import type { Camera } from '../engine/ports/camera.js';

/** Camera centre in world space, metres: c = -R^T t (R row-major world-to-camera, CONVENTIONS.md). */
export function cameraCentre(cam: Camera): [number, number, number] {
  const R = cam.rotation,
    t = cam.translation;
  return [
    -(R[0]! * t[0]! + R[3]! * t[1]! + R[6]! * t[2]!),
    -(R[1]! * t[0]! + R[4]! * t[1]! + R[7]! * t[2]!),
    -(R[2]! * t[0]! + R[5]! * t[1]! + R[8]! * t[2]!),
  ];
}
