import { z } from 'zod';
import type { Motion } from '@ffavatar/core';

const MotionFile = z.object({
  fps: z.number().positive(),
  expressionNames: z.array(z.string()),
  frames: z.array(
    z.object({
      expression: z.array(z.number()),
      rotation: z.tuple([z.number(), z.number(), z.number()]).default([0, 0, 0]),
    }),
  ),
});

/**
 * A parsed motion file, `{ fps, expressionNames, frames: [{ expression: [...], rotation: [x, y, z] }] }`
 * (rotation axis-angle, radians, default 0), as a Motion; errors name `file` and the field.
 */
export function motionFromJson(raw: unknown, file: string): Motion {
  const parsed = MotionFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const { fps, expressionNames, frames } = parsed.data;
  const E = expressionNames.length;
  const expression = new Float32Array(frames.length * E),
    rotation = new Float32Array(frames.length * 3);
  frames.forEach((f, i) => {
    if (f.expression.length !== E)
      throw new Error(
        `${file}: frame ${i} has ${f.expression.length} expression weights, expressionNames has ${E}`,
      );
    expression.set(f.expression, i * E);
    rotation.set(f.rotation, i * 3);
  });
  return { fps, frames: frames.length, expressionNames, expression, rotation };
}

/** A Motion as the JSON `motionFromJson` reads: weights rounded to 1e-4, rotations to 1e-5 rad. */
export function motionToJson(motion: Motion): string {
  const E = motion.expressionNames.length;
  const round = (v: number, step: number) => Math.round(v / step) * step;
  const frames = Array.from({ length: motion.frames }, (_, i) => ({
    expression: Array.from(motion.expression.subarray(i * E, (i + 1) * E), (v) => +round(v, 1e-4).toFixed(4)),
    rotation: Array.from(motion.rotation.subarray(i * 3, i * 3 + 3), (v) => +round(v, 1e-5).toFixed(5)),
  }));
  return `${JSON.stringify({ fps: motion.fps, expressionNames: motion.expressionNames, frames })}\n`;
}
