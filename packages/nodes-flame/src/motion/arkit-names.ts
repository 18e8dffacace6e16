/**
 * The 52 ARKit blend shapes (ARFaceAnchor.BlendShapeLocation), in the order of Unreal's
 * EARFaceBlendShape enum, which is the column order Live Link Face writes its CSV in.
 *
 * Side convention (the one place it is stated): ARKit's `Left` / `Right` are the subject's own
 * left and right (ARFaceAnchor: +x points to the face's left). ICT-FaceKit's `_L` / `_R` are the
 * same side: its face looks along +z with +y up, and `eyeBlink_L` moves vertices at mean x =
 * +32 mm (the subject's left), `eyeBlink_R` at -32 mm, `mouthSmile_L` at +25 mm; `jawLeft` moves
 * the chin towards +x. So `eyeBlinkLeft` is `eyeBlink_L`, never mirrored.
 */
export const ARKIT_52 = [
  'eyeBlinkLeft',
  'eyeLookDownLeft',
  'eyeLookInLeft',
  'eyeLookOutLeft',
  'eyeLookUpLeft',
  'eyeSquintLeft',
  'eyeWideLeft',
  'eyeBlinkRight',
  'eyeLookDownRight',
  'eyeLookInRight',
  'eyeLookOutRight',
  'eyeLookUpRight',
  'eyeSquintRight',
  'eyeWideRight',
  'jawForward',
  'jawLeft',
  'jawRight',
  'jawOpen',
  'mouthClose',
  'mouthFunnel',
  'mouthPucker',
  'mouthLeft',
  'mouthRight',
  'mouthSmileLeft',
  'mouthSmileRight',
  'mouthFrownLeft',
  'mouthFrownRight',
  'mouthDimpleLeft',
  'mouthDimpleRight',
  'mouthStretchLeft',
  'mouthStretchRight',
  'mouthRollLower',
  'mouthRollUpper',
  'mouthShrugLower',
  'mouthShrugUpper',
  'mouthPressLeft',
  'mouthPressRight',
  'mouthLowerDownLeft',
  'mouthLowerDownRight',
  'mouthUpperUpLeft',
  'mouthUpperUpRight',
  'browDownLeft',
  'browDownRight',
  'browInnerUp',
  'browOuterUpLeft',
  'browOuterUpRight',
  'cheekPuff',
  'cheekSquintLeft',
  'cheekSquintRight',
  'noseSneerLeft',
  'noseSneerRight',
  'tongueOut',
] as const;

export type ArkitName = (typeof ARKIT_52)[number];

/** True when every name is an ARKit-52 name (and there is at least one). */
export function isArkitNaming(names: readonly string[]): boolean {
  return names.length > 0 && names.every((n) => (ARKIT_52 as readonly string[]).includes(n));
}
