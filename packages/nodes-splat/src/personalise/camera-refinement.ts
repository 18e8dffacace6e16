import type { Camera } from '@ffavatar/core';
import { rodrigues } from '@ffavatar/core/geometry';
import { rotationTangentGradient, type CameraGradients } from '../raster/project-backward-cpu.js';

/**
 * A photo's camera as the personalisation refines it: a rotation vector w applied on the left of
 * the tracked world-to-camera rotation (R = exp([w]x) R0), a translation change (t = t0 + dt, metres)
 * and one log focal factor for fx and fy (f = f0 exp(s)). The seven numbers start at zero, so a
 * camera that gets no gradient stays the tracked one; the principal point is never moved.
 */
export const CAMERA_DOF = 7;

export function refinedCamera(base: Camera, p: ArrayLike<number>, o = 0): Camera {
  const dR = new Float64Array(9);
  rodrigues(p[o]!, p[o + 1]!, p[o + 2]!, dR);
  const R0 = base.rotation;
  const R = new Float64Array(9);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      R[i * 3 + j] = dR[i * 3]! * R0[j]! + dR[i * 3 + 1]! * R0[3 + j]! + dR[i * 3 + 2]! * R0[6 + j]!;
  const t = base.translation;
  const f = Math.exp(p[o + 6]!);
  return {
    ...base,
    rotation: R,
    translation: new Float64Array([t[0]! + p[o + 3]!, t[1]! + p[o + 4]!, t[2]! + p[o + 5]!]),
    fx: base.fx * f,
    fy: base.fy * f,
  };
}

/** dL/d(the seven numbers) at the camera `cam` they currently give, from the rasterizer's camera gradients. */
export function cameraParamGradient(cam: Camera, g: CameraGradients, out: Float64Array, o = 0): void {
  // At w the exact derivative differs from the tangent at the current R by O(|w|): negligible for the
  // fraction of a degree a refinement moves.
  const [wx, wy, wz] = rotationTangentGradient(cam.rotation, g.rotation);
  out[o] = wx;
  out[o + 1] = wy;
  out[o + 2] = wz;
  out[o + 3] = g.translation[0]!;
  out[o + 4] = g.translation[1]!;
  out[o + 5] = g.translation[2]!;
  out[o + 6] = cam.fx * g.fx + cam.fy * g.fy;
}
