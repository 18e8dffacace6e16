import type { Motion } from '@ffavatar/core';
import { ARKIT_52 } from './arkit-names.js';
import { motionToArkit } from './arkit-ict.js';
import { MotionFormatError } from './motion-format-error.js';

/**
 * MediaPipe Face Landmarker's 52 blend-shape categories in its output order: `_neutral`, then
 * the ARKit names in ASCII order, without `tongueOut` (which MediaPipe does not estimate).
 */
const MEDIAPIPE_CATEGORIES = ['_neutral', ...[...ARKIT_52].filter((n) => n !== 'tongueOut').sort()];

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Per-frame MediaPipe blend shapes as an ARKit-named Motion. Accepted: a list of frames, or
 * `{ fps, frames: [...] }`; a frame is a FaceLandmarkerResult (`{ faceBlendshapes: [{ categories }] }`,
 * first face), `{ categories }`, or the category list itself; a category is `{ categoryName, score }`.
 * `_neutral` is ignored; a shape not listed is 0 (tongueOut always); a frame with no face holds
 * the previous one (0 before the first). An optional per-frame `rotation` [x, y, z] (axis-angle,
 * radians; ours, not MediaPipe's) is kept. Errors name the file and the JSON path.
 */
export function motionFromMediapipeJson(raw: Json, file: string, fps: number): Motion {
  const fail = (path: string, problem: string): never => {
    throw new MotionFormatError(file, `${path}: ${problem}`);
  };
  let frames: Json = raw;
  if (isObject(raw)) {
    if (raw['fps'] !== undefined) {
      if (typeof raw['fps'] !== 'number' || !(raw['fps'] > 0)) fail('fps', 'expected a positive number');
      fps = raw['fps'] as number;
    }
    frames = raw['frames'];
  }
  if (!Array.isArray(frames)) return fail('(root)', 'expected a list of frames or { fps, frames: [...] }');
  const E = ARKIT_52.length,
    T = frames.length;
  const expression = new Float32Array(T * E),
    rotation = new Float32Array(T * 3);
  frames.forEach((frame: Json, t) => {
    const at = `frames[${t}]`;
    let categories: Json = frame,
      catPath = at;
    if (isObject(frame) && Array.isArray(frame['faceBlendshapes'])) {
      const faces = frame['faceBlendshapes'] as Json[];
      if (faces.length === 0) {
        if (t > 0) expression.copyWithin(t * E, (t - 1) * E, t * E);
        categories = [];
      } else {
        catPath = `${at}.faceBlendshapes[0].categories`;
        categories = isObject(faces[0]) ? faces[0]['categories'] : undefined;
      }
    } else if (isObject(frame)) {
      catPath = `${at}.categories`;
      categories = frame['categories'];
    }
    if (!Array.isArray(categories)) return fail(catPath, 'expected a list of { categoryName, score }');
    categories.forEach((c: Json, k) => {
      const p = `${catPath}[${k}]`;
      if (!isObject(c) || typeof c['categoryName'] !== 'string')
        return fail(p, 'expected { categoryName, score }');
      const name = c['categoryName'] as string,
        score = c['score'];
      if (typeof score !== 'number' || !Number.isFinite(score))
        return fail(`${p}.score`, 'expected a number');
      if (name === '_neutral') return;
      const e = (ARKIT_52 as readonly string[]).indexOf(name);
      if (e < 0) return fail(`${p}.categoryName`, `'${name}' is not an ARKit-52 blend shape`);
      expression[t * E + e] = score;
    });
    if (isObject(frame) && frame['rotation'] !== undefined) {
      const r = frame['rotation'];
      if (!Array.isArray(r) || r.length !== 3 || !r.every((v) => typeof v === 'number' && Number.isFinite(v)))
        fail(`${at}.rotation`, 'expected [x, y, z] numbers (axis-angle, radians)');
      rotation.set(r as number[], t * 3);
    }
  });
  return { fps, frames: T, expressionNames: [...ARKIT_52], expression, rotation };
}

/**
 * A Motion (ARKit- or ICT-named) as `{ fps, frames: [{ timestampMs, faceBlendshapes: [{ categories }],
 * rotation }] }`: each frame shaped like a FaceLandmarkerResult, MediaPipe's 52 categories in its
 * order (`_neutral` 0, tongueOut dropped), scores full float precision.
 */
export function motionToMediapipeJson(motion: Motion): string {
  const m = motionToArkit(motion);
  const E = ARKIT_52.length;
  const index = MEDIAPIPE_CATEGORIES.map((n) => (ARKIT_52 as readonly string[]).indexOf(n));
  const frames = Array.from({ length: m.frames }, (_, t) => ({
    timestampMs: Math.round((t * 1000) / m.fps),
    faceBlendshapes: [
      {
        categories: MEDIAPIPE_CATEGORIES.map((categoryName, k) => ({
          index: k,
          score: index[k]! < 0 ? 0 : m.expression[t * E + index[k]!]!,
          categoryName,
          displayName: '',
        })),
      },
    ],
    rotation: Array.from(m.rotation.subarray(t * 3, t * 3 + 3)),
  }));
  return `${JSON.stringify({ fps: m.fps, frames })}\n`;
}
