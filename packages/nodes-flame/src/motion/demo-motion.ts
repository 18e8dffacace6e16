import type { Motion } from '@ffavatar/core';

const DEG = Math.PI / 180;

/** Key poses of the demo: what a viewer wants to see an avatar do. Weights by ICT/ARKit name. */
const DEMO_KEYS: { expression: Record<string, number>; yaw?: number; pitch?: number }[] = [
  { expression: {} },
  { expression: {}, yaw: 25 },
  { expression: {}, yaw: -25 },
  { expression: {}, pitch: 12 },
  { expression: {}, pitch: -12 },
  { expression: { mouthSmile_L: 0.9, mouthSmile_R: 0.9, cheekSquint_L: 0.4, cheekSquint_R: 0.4 } },
  { expression: { jawOpen: 0.7 } },
  { expression: { eyeBlink_L: 1, eyeBlink_R: 1 } },
  { expression: {} },
];

/**
 * The demo driving sequence over a head model's expression names: yaw and pitch sweep, smile, jaw
 * open, blink, smoothstep-eased between key poses, `secondsPerKey` apart at `fps`.
 */
export function demoMotion(names: readonly string[], fps: number, secondsPerKey: number): Motion {
  const perKey = Math.max(1, Math.round(fps * secondsPerKey));
  const T = (DEMO_KEYS.length - 1) * perKey + 1;
  const E = names.length;
  const expression = new Float32Array(T * E),
    rotation = new Float32Array(T * 3);
  const keyVector = (k: (typeof DEMO_KEYS)[number]) => {
    const v = new Float32Array(E);
    for (const [name, w] of Object.entries(k.expression)) {
      const i = names.indexOf(name);
      if (i >= 0) v[i] = w;
    }
    return v;
  };
  for (let f = 0; f < T; f++) {
    const k = Math.min(DEMO_KEYS.length - 2, Math.floor(f / perKey));
    const s = (f - k * perKey) / perKey,
      ease = s * s * (3 - 2 * s);
    const a = DEMO_KEYS[k]!,
      b = DEMO_KEYS[k + 1]!;
    const va = keyVector(a),
      vb = keyVector(b);
    for (let e = 0; e < E; e++) expression[f * E + e] = va[e]! + (vb[e]! - va[e]!) * ease;
    rotation[f * 3] = ((a.pitch ?? 0) + ((b.pitch ?? 0) - (a.pitch ?? 0)) * ease) * DEG;
    rotation[f * 3 + 1] = ((a.yaw ?? 0) + ((b.yaw ?? 0) - (a.yaw ?? 0)) * ease) * DEG;
  }
  return { fps, frames: T, expressionNames: [...names], expression, rotation };
}
