import type { Motion } from '@ffavatar/core';
import { ARKIT_52, isArkitNaming } from './arkit-names.js';
import { ARKIT_TO_ICT } from './arkit-ict-table.js';

/**
 * Expression weights [T, E_from] under `from` names as weights [T, E_to] under `to` names, where
 * each target is the mean of the source weights listed for it (missing sources count as absent,
 * a target with none stays 0).
 */
function remap(
  expression: Float32Array,
  frames: number,
  from: readonly string[],
  to: readonly string[],
  sources: (target: string) => readonly string[],
): Float32Array {
  const index = to.map((t) =>
    sources(t)
      .map((s) => from.indexOf(s))
      .filter((i) => i >= 0),
  );
  const F = from.length,
    T = to.length;
  const out = new Float32Array(frames * T);
  for (let f = 0; f < frames; f++)
    index.forEach((src, t) => {
      if (src.length === 0) return;
      let sum = 0;
      for (const s of src) sum += expression[f * F + s]!;
      out[f * T + t] = sum / src.length;
    });
  return out;
}

/** ICT name -> the ARKit shape that drives it (inverse of ARKIT_TO_ICT; each ICT name has one). */
const ICT_TO_ARKIT = new Map<string, string>(
  ARKIT_52.flatMap((a) => ARKIT_TO_ICT[a].map((i) => [i, a] as [string, string])),
);

/** An ARKit-named expression sequence onto a head model's ICT names (merged ARKit shapes copied to both sides). */
export function arkitToIct(
  expression: Float32Array,
  frames: number,
  from: readonly string[],
  to: readonly string[],
) {
  return remap(expression, frames, from, to, (ict) => {
    const a = ICT_TO_ARKIT.get(ict);
    return a === undefined ? [] : [a];
  });
}

/** A Motion in ARKit-52 names (all 52, in ARKIT_52 order): ICT names through the table, ARKit names kept. */
export function motionToArkit(motion: Motion): Motion {
  const names = motion.expressionNames;
  if (!isArkitNaming(names) && !names.some((n) => ICT_TO_ARKIT.has(n)))
    throw new Error(
      `the motion's expression names (${names.slice(0, 3).join(', ')}, ...) are neither ARKit-52 nor ICT-FaceKit`,
    );
  const arkit = isArkitNaming(names);
  const expression = remap(motion.expression, motion.frames, names, ARKIT_52, (a) =>
    arkit ? [a] : ARKIT_TO_ICT[a as keyof typeof ARKIT_TO_ICT],
  );
  return { ...motion, expressionNames: [...ARKIT_52], expression };
}
