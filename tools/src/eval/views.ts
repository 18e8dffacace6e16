import { lookAtCamera } from '@ffavatar/core/geometry';
import { type Camera, type HeadModel } from '@ffavatar/core';
import { framed } from '@ffavatar/nodes-flame';

/**
 * The evaluation's cameras and expressions, all fixed in code so every run (and every machine)
 * scores the same frames. Angles in degrees: yaw turns the camera about world +y (positive =
 * towards the subject's left, i.e. the camera moves to +x), pitch raises it (positive = camera
 * above the head, looking down).
 */
export interface Shot {
  label: string;
  yaw: number;
  pitch: number;
  /** ICT/ARKit blendshape weights by name; absent names are 0 (neutral). */
  expression: Record<string, number>;
}

/** Aim point of every camera: roughly the centre of ICT's face region (model space, metres). */
const TARGET: readonly [number, number, number] = [0, -0.015, 0.03];
/** Camera distance from TARGET, metres. */
const DISTANCE = 0.6;
/** Fraction of the image height a 0.3 m head fills (framed() in nodes-flame): the face ~0.8. */
const FILL = 0.85;

const SMILE = { mouthSmile_L: 0.9, mouthSmile_R: 0.9, cheekSquint_L: 0.4, cheekSquint_R: 0.4 };
const JAW_OPEN = { jawOpen: 0.7 };
const BLINK = { eyeBlink_L: 1, eyeBlink_R: 1 };
const SURPRISE = {
  browInnerUp_L: 0.8,
  browInnerUp_R: 0.8,
  browOuterUp_L: 0.6,
  browOuterUp_R: 0.6,
  eyeWide_L: 0.6,
  eyeWide_R: 0.6,
  jawOpen: 0.3,
};

/**
 * Mild expressions some training views carry ("mostly neutral-ish" capture: a subject never
 * holds perfectly still). Tracking knows them, so fusion undoes them through the mesh.
 */
const MILD: Record<string, number>[] = [
  { mouthSmile_L: 0.3, mouthSmile_R: 0.3 },
  { jawOpen: 0.12 },
  { browInnerUp_L: 0.3, browInnerUp_R: 0.3 },
];

/**
 * K training views evenly spread over yaw in [-60, 60]: the centres of K equal bins (K = 1 is
 * frontal, K = 2 is +-30, K = 4 is +-15 and +-45, ...), so every K covers the whole range as well
 * as K views can and the sets are left-right symmetric. Pitch alternates +-10 (K > 1) so the
 * chin and brows are seen from both sides; every third view carries a mild expression.
 */
export function trainingShots(K: number): Shot[] {
  return Array.from({ length: K }, (_, i) => ({
    label: `train${K}_${i}`,
    yaw: -60 + (120 * (i + 0.5)) / K,
    pitch: K === 1 ? 0 : i % 2 === 0 ? 10 : -10,
    expression: i % 3 === 1 ? MILD[Math.floor(i / 3) % MILD.length]! : {},
  }));
}

/**
 * Held-out views: neutral expression, yaw and pitch off every training set's angles (training
 * pitch is 0 or +-10; these use 6..18), spread over both sides up to +-58 where few views see
 * the cheek and ear.
 */
export const HELD_OUT_VIEWS: Shot[] = [
  [-58, -6],
  [-38, 14],
  [-14, -16],
  [12, 18],
  [36, -12],
  [55, 8],
].map(([yaw, pitch]) => ({ label: `view_${yaw}_${pitch}`, yaw: yaw!, pitch: pitch!, expression: {} }));

/** Held-out expressions, seen from a frontal-ish camera no training view uses. */
export const HELD_OUT_EXPRESSIONS: Shot[] = [
  { label: 'smile', expression: SMILE },
  { label: 'jawOpen', expression: JAW_OPEN },
  { label: 'blink', expression: BLINK },
  { label: 'surprise', expression: SURPRISE },
].map((s) => ({ ...s, yaw: 8, pitch: 6 }));

const DEG = Math.PI / 180;

/** The camera of a shot: on a sphere of radius DISTANCE around TARGET, looking at it, framed. */
export function shotCamera(shot: Shot, size: number): Camera {
  const y = shot.yaw * DEG,
    p = shot.pitch * DEG;
  const eye: [number, number, number] = [
    TARGET[0] + DISTANCE * Math.sin(y) * Math.cos(p),
    TARGET[1] + DISTANCE * Math.sin(p),
    TARGET[2] + DISTANCE * Math.cos(y) * Math.cos(p),
  ];
  return framed(lookAtCamera({ eye, target: TARGET, width: size, height: size }), TARGET, FILL);
}

/** Blendshape weights by name -> the model's expression vector; unknown names are a bug here. */
export function expressionVector(model: HeadModel, weights: Record<string, number>): Float32Array {
  const v = new Float32Array(model.expressionCount);
  for (const [name, w] of Object.entries(weights)) {
    const i = model.expressionNames.indexOf(name);
    if (i < 0) throw new Error(`expression "${name}" is not in head model "${model.name}"`);
    v[i] = w;
  }
  return v;
}

export { seededRandom } from '@ffavatar/core';
