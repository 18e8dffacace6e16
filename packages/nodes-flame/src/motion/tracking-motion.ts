import type { HeadModel, Motion, Tracking } from '@ffavatar/core';
import { matrixToAxisAngle } from '@ffavatar/core/geometry';

/**
 * A tracking as a Motion at `fps`: each frame's expression weights, and its head rotation relative to
 * the first frame (the cameras carry the pose, the head at the origin).
 */
export function motionFromTracking(tracking: Tracking, model: HeadModel, fps: number): Motion {
  const frames = tracking.frames;
  const E = model.expressionCount;
  const expression = new Float32Array(frames.length * E),
    rotation = new Float32Array(frames.length * 3);
  const R0 = frames[0]?.camera.rotation;
  frames.forEach((f, i) => {
    if (f.params.expression.length !== E)
      throw new Error(
        `frame ${i} has ${f.params.expression.length} expression weights, ${model.name} has ${E}`,
      );
    expression.set(f.params.expression, i * E);
    // The camera carries the pose (head at the origin): the head turned by M = R0^T R_i.
    const Ri = f.camera.rotation,
      M = new Float64Array(9);
    for (let r = 0; r < 3; r++)
      for (let c = 0; c < 3; c++)
        M[r * 3 + c] = R0![r]! * Ri[c]! + R0![3 + r]! * Ri[3 + c]! + R0![6 + r]! * Ri[6 + c]!;
    rotation.set(matrixToAxisAngle(M), i * 3);
  });
  return { fps, frames: frames.length, expressionNames: [...model.expressionNames], expression, rotation };
}
