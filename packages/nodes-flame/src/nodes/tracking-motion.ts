import { z } from 'zod';
import { defineNode, HeadModel, input, Motion, output, Tracking } from '@ffavatar/core';

/**
 * Rotation matrix (row-major) to axis-angle, radians: the inverse of Rodrigues. Near pi the
 * axis comes from the matrix' symmetric part, where the usual formula divides by ~0.
 */
export function matrixToAxisAngle(m: ArrayLike<number>): [number, number, number] {
  const cos = Math.min(1, Math.max(-1, (m[0]! + m[4]! + m[8]! - 1) / 2));
  const angle = Math.acos(cos);
  if (angle < 1e-9) return [0, 0, 0];
  const s = 2 * Math.sin(angle);
  if (Math.abs(s) > 1e-6) return [(m[7]! - m[5]!) / s * angle, (m[2]! - m[6]!) / s * angle, (m[3]! - m[1]!) / s * angle];
  const x = Math.sqrt(Math.max(0, (m[0]! + 1) / 2)), y = Math.sqrt(Math.max(0, (m[4]! + 1) / 2)), z = Math.sqrt(Math.max(0, (m[8]! + 1) / 2));
  return [x * angle, Math.sign(m[1]! || 1) * y * angle, Math.sign(m[2]! || 1) * z * angle];
}

export const trackingMotionNode = defineNode({
  type: 'flame.trackingMotion', version: 1, title: 'Motion from tracking', category: 'Driving', runOn: 'main',
  description: 'Turns the tracking of a driving video or photo series into a Motion: each frame\'s expression, and its head rotation relative to the first frame (cross-reenactment: drive one avatar with another person\'s performance).',
  inputs: { tracking: input(Tracking), model: input(HeadModel) },
  params: z.object({ fps: z.number().positive().max(240).default(12) }),
  outputs: { motion: output(Motion) },
  run({ inputs, params }) {
    const frames = inputs.tracking.frames;
    const E = inputs.model.expressionCount;
    const expression = new Float32Array(frames.length * E), rotation = new Float32Array(frames.length * 3);
    const R0 = frames[0]?.camera.rotation;
    frames.forEach((f, i) => {
      if (f.params.expression.length !== E) throw new Error(`frame ${i} has ${f.params.expression.length} expression weights, ${inputs.model.name} has ${E}`);
      expression.set(f.params.expression, i * E);
      // The camera carries the pose (head at the origin): the head turned by M = R0^T R_i.
      const Ri = f.camera.rotation, M = new Float64Array(9);
      for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) M[r * 3 + c] = R0![r]! * Ri[c]! + R0![3 + r]! * Ri[3 + c]! + R0![6 + r]! * Ri[6 + c]!;
      rotation.set(matrixToAxisAngle(M), i * 3);
    });
    return { motion: { fps: params.fps, frames: frames.length, expressionNames: [...inputs.model.expressionNames], expression, rotation } };
  },
});
