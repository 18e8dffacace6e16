import type { HeadParams, Motion } from '@ffavatar/core';
import { arkitToIct } from './arkit-ict.js';
import { isArkitNaming } from './arkit-names.js';

/**
 * One HeadParams per `every`-th motion frame: `base` (identity, pose) with the motion's expression
 * weights mapped by name onto the head model's `names`, and the motion's rotation added to the base's.
 * An ARKit-named motion on a model that is not goes through the ARKit -> ICT table first.
 */
export function applyMotion(
  motion: Motion,
  base: HeadParams,
  names: readonly string[],
  every = 1,
): HeadParams[] {
  if (isArkitNaming(motion.expressionNames) && !isArkitNaming(names))
    motion = {
      ...motion,
      expressionNames: [...names],
      expression: arkitToIct(motion.expression, motion.frames, motion.expressionNames, names),
    };
  const index = motion.expressionNames.map((n) => names.indexOf(n));
  const missing = motion.expressionNames.filter((_, i) => index[i]! < 0);
  if (missing.length === motion.expressionNames.length && missing.length > 0) {
    throw new Error(
      `the motion's expression names (${missing.slice(0, 3).join(', ')}, ...) are not the head model's`,
    );
  }
  const E = motion.expressionNames.length;
  const out: HeadParams[] = [];
  for (let f = 0; f < motion.frames; f += every) {
    const expression = new Float32Array(names.length);
    for (let e = 0; e < E; e++) if (index[e]! >= 0) expression[index[e]!] = motion.expression[f * E + e]!;
    const rotation = new Float32Array(3);
    for (let a = 0; a < 3; a++) rotation[a] = base.rotation[a]! + motion.rotation[f * 3 + a]!;
    out.push({
      ...base,
      identity: Float32Array.from(base.identity),
      expression,
      rotation,
      translation: Float32Array.from(base.translation),
    });
  }
  return out;
}
