import { neutralHeadParams } from '@ffavatar/core/geometry';
import { type Avatar, type HeadModel, type HeadParams } from '@ffavatar/core';

/**
 * What the avatar view's sliders set: the quick expression weights (0..1), head yaw/pitch
 * (radians), and any of the model's expressions by name (`more`, set after the quick ones).
 */
export interface AvatarPose {
  jaw: number;
  smile: number;
  blink: number;
  yaw: number;
  pitch: number;
  more: Record<string, number>;
}
export const NEUTRAL_POSE: AvatarPose = { jaw: 0, smile: 0, blink: 0, yaw: 0, pitch: 0, more: {} };

/** Slider name -> the head model's expressions it sets together. */
export const EXPRESSION_SLIDERS: Record<'jaw' | 'smile' | 'blink', string[]> = {
  jaw: ['jawOpen'],
  smile: ['mouthSmile_L', 'mouthSmile_R'],
  blink: ['eyeBlink_L', 'eyeBlink_R'],
};

/** Axis-angle of yaw about +y after pitch about +x (R = Ry(yaw) Rx(pitch)). */
function yawPitchAxisAngle(yaw: number, pitch: number): [number, number, number] {
  const cy = Math.cos(yaw / 2),
    sy = Math.sin(yaw / 2),
    cp = Math.cos(pitch / 2),
    sp = Math.sin(pitch / 2);
  const w = cy * cp,
    v: [number, number, number] = [cy * sp, sy * cp, -sy * sp];
  const s = Math.hypot(...v);
  if (s < 1e-9) return [0, 0, 0];
  const k = (2 * Math.atan2(s, w)) / s;
  return [v[0] * k, v[1] * k, v[2] * k];
}

/** Head params for a pose: the subject's identity (from the avatar), the sliders' expressions, no translation. */
export function poseParams(model: HeadModel, avatar: Avatar, pose: AvatarPose): HeadParams {
  const p = neutralHeadParams(model);
  if (avatar.identity.length === p.identity.length) p.identity.set(avatar.identity);
  for (const [slider, names] of Object.entries(EXPRESSION_SLIDERS)) {
    for (const name of names) {
      const k = model.expressionNames.indexOf(name);
      if (k >= 0) p.expression[k] = pose[slider as keyof typeof EXPRESSION_SLIDERS];
    }
  }
  for (const [name, w] of Object.entries(pose.more)) {
    const k = model.expressionNames.indexOf(name);
    if (k >= 0) p.expression[k] = w;
  }
  p.rotation.set(yawPitchAxisAngle(pose.yaw, pose.pitch));
  return p;
}

/**
 * The sliders for a tracked expression: the quick sliders from the mean of their expressions (so
 * they keep working), every other expression by name.
 */
export function trackedPose(model: HeadModel, params: HeadParams): AvatarPose {
  const weight = (name: string) => {
    const k = model.expressionNames.indexOf(name);
    return k >= 0 ? (params.expression[k] ?? 0) : 0;
  };
  const quick = new Set(Object.values(EXPRESSION_SLIDERS).flat());
  const more: Record<string, number> = {};
  model.expressionNames.forEach((name, k) => {
    const w = params.expression[k] ?? 0;
    if (w !== 0 && !quick.has(name)) more[name] = w;
  });
  const mean = (names: string[]) => names.reduce((a, n) => a + weight(n), 0) / names.length;
  return {
    jaw: mean(EXPRESSION_SLIDERS.jaw),
    smile: mean(EXPRESSION_SLIDERS.smile),
    blink: mean(EXPRESSION_SLIDERS.blink),
    yaw: 0,
    pitch: 0,
    more,
  };
}
