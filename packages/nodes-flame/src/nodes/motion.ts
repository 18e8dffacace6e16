
import { z } from 'zod';
import { defineNode, HeadModel, HeadParams, input, listOf, Motion, output, Path, type Motion as MotionValue } from '@ffavatar/core';

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

export const demoMotionNode = defineNode({
  type: 'flame.demoMotion', version: 1, title: 'Demo motion', category: 'Driving', runOn: 'main',
  description: 'A built-in driving sequence: yaw and pitch sweep, smile, jaw open, blink, eased between key poses.',
  inputs: { model: input(HeadModel) },
  params: z.object({
    fps: z.number().positive().max(120).default(12),
    secondsPerKey: z.number().positive().max(10).default(0.6),
  }),
  outputs: { motion: output(Motion) },
  run({ inputs, params }) {
    const names = inputs.model.expressionNames;
    const perKey = Math.max(1, Math.round(params.fps * params.secondsPerKey));
    const T = (DEMO_KEYS.length - 1) * perKey + 1;
    const E = names.length;
    const expression = new Float32Array(T * E), rotation = new Float32Array(T * 3);
    const keyVector = (k: (typeof DEMO_KEYS)[number]) => {
      const v = new Float32Array(E);
      for (const [name, w] of Object.entries(k.expression)) { const i = names.indexOf(name); if (i >= 0) v[i] = w; }
      return v;
    };
    for (let f = 0; f < T; f++) {
      const k = Math.min(DEMO_KEYS.length - 2, Math.floor(f / perKey));
      const s = (f - k * perKey) / perKey, ease = s * s * (3 - 2 * s);
      const a = DEMO_KEYS[k]!, b = DEMO_KEYS[k + 1]!;
      const va = keyVector(a), vb = keyVector(b);
      for (let e = 0; e < E; e++) expression[f * E + e] = va[e]! + (vb[e]! - va[e]!) * ease;
      rotation[f * 3] = ((a.pitch ?? 0) + ((b.pitch ?? 0) - (a.pitch ?? 0)) * ease) * DEG;
      rotation[f * 3 + 1] = ((a.yaw ?? 0) + ((b.yaw ?? 0) - (a.yaw ?? 0)) * ease) * DEG;
    }
    return { motion: { fps: params.fps, frames: T, expressionNames: [...names], expression, rotation } };
  },
});

const MotionFile = z.object({
  fps: z.number().positive(),
  expressionNames: z.array(z.string()),
  frames: z.array(z.object({ expression: z.array(z.number()), rotation: z.tuple([z.number(), z.number(), z.number()]).default([0, 0, 0]) })),
});

export const loadMotionNode = defineNode({
  type: 'flame.loadMotion', version: 1, title: 'Load motion', category: 'Driving',
  description: 'A motion from JSON: { fps, expressionNames, frames: [{ expression: [...], rotation: [x, y, z] }] } (rotation axis-angle, radians).',
  inputs: { path: input(Path) },
  outputs: { motion: output(Motion) },
  async run({ inputs, ctx }) {
    const file = ctx.files.resolve(inputs.path);
    let raw: unknown;
    try { raw = JSON.parse(new TextDecoder().decode(await ctx.files.read(inputs.path))); } catch (err) {
      throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
    }
    const parsed = MotionFile.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    const { fps, expressionNames, frames } = parsed.data;
    const E = expressionNames.length;
    const expression = new Float32Array(frames.length * E), rotation = new Float32Array(frames.length * 3);
    frames.forEach((f, i) => {
      if (f.expression.length !== E) throw new Error(`${file}: frame ${i} has ${f.expression.length} expression weights, expressionNames has ${E}`);
      expression.set(f.expression, i * E);
      rotation.set(f.rotation, i * 3);
    });
    return { motion: { fps, frames: frames.length, expressionNames, expression, rotation } };
  },
});

export const applyMotionNode = defineNode({
  type: 'flame.applyMotion', version: 1, title: 'Apply motion', category: 'Driving', runOn: 'main',
  description: 'One HeadParams per motion frame: the subject\'s identity and pose with the motion\'s expressions and head rotation (cross-reenactment when the motion comes from someone else).',
  inputs: { motion: input(Motion), params: input(HeadParams, { description: 'the subject (identity, base pose)' }), model: input(HeadModel) },
  params: z.object({ every: z.number().int().min(1).default(1).describe('keep every n-th frame') }),
  outputs: { frames: output(listOf(HeadParams)) },
  run({ inputs, params }) {
    return { frames: applyMotion(inputs.motion, inputs.params, inputs.model.expressionNames, params.every) };
  },
});

export function applyMotion(motion: MotionValue, base: HeadParams, names: readonly string[], every = 1): HeadParams[] {
  const index = motion.expressionNames.map((n) => names.indexOf(n));
  const missing = motion.expressionNames.filter((_, i) => index[i]! < 0);
  if (missing.length === motion.expressionNames.length && missing.length > 0) {
    throw new Error(`the motion's expression names (${missing.slice(0, 3).join(', ')}, ...) are not the head model's`);
  }
  const E = motion.expressionNames.length;
  const out: HeadParams[] = [];
  for (let f = 0; f < motion.frames; f += every) {
    const expression = new Float32Array(names.length);
    for (let e = 0; e < E; e++) if (index[e]! >= 0) expression[index[e]!] = motion.expression[f * E + e]!;
    const rotation = new Float32Array(3);
    for (let a = 0; a < 3; a++) rotation[a] = base.rotation[a]! + motion.rotation[f * 3 + a]!;
    out.push({ ...base, identity: Float32Array.from(base.identity), expression, rotation, translation: Float32Array.from(base.translation) });
  }
  return out;
}
