import { evaluateHead, landmarkPositions, lookAtCamera, projectPoint } from '@ffavatar/core/geometry';
import { type Camera, type HeadModel } from '@ffavatar/core';
import type { LandmarkObservation } from '../fit/fit-landmarks.js';
import { densePositions, mediapipeEmbedding } from '../fit/ict-mediapipe-embedding.js';
import { random } from './random.js';

/** Synthetic subjects for the landmark fit: known identity, expressions and cameras, projected landmarks. */

/** Uniform in [0, 1) (`random` is in [-1, 1)). */
function uniform(seed: number): () => number {
  const r = random(seed);
  return () => (r() + 1) / 2;
}

export interface Subject {
  identity: Float32Array;
  expressions: Float32Array[];
  cameras: Camera[];
}

/** A synthetic subject: known identity, per-view expressions and cameras around the frontal view. */
export function subject(model: HeadModel, views: number, seed: number): Subject {
  const rand = uniform(seed);
  const identity = new Float32Array(model.identityCount);
  for (let k = 0; k < 10; k++) identity[k] = (rand() - 0.5) * 1.6;
  const expressions: Float32Array[] = [];
  const cameras: Camera[] = [];
  const jaw = model.expressionNames.indexOf('jawOpen');
  const smileL = model.expressionNames.indexOf('mouthSmile_L');
  for (let v = 0; v < views; v++) {
    const e = new Float32Array(model.expressionCount);
    e[jaw] = rand() * 0.6;
    e[smileL] = rand() * 0.8;
    expressions.push(e);
    const yaw = (rand() - 0.5) * 0.8,
      pitch = (rand() - 0.5) * 0.4,
      d = 0.55 + rand() * 0.2;
    cameras.push(
      lookAtCamera({
        eye: [d * Math.sin(yaw), d * Math.sin(pitch), d * Math.cos(yaw)],
        target: [0, 0.02, 0],
        width: 512,
        height: 512,
        focal: 600 + rand() * 200,
      }),
    );
  }
  return { identity, expressions, cameras };
}

export function observe(
  model: HeadModel,
  s: Subject,
  noise = 0,
  seed = 1,
  offsets?: Float32Array,
): LandmarkObservation[] {
  const rand = uniform(seed);
  return s.cameras.map((cam, v) => {
    const lm = landmarkPositions(model, posedVertices(model, s, v));
    if (offsets) for (let i = 0; i < lm.length; i++) lm[i] = lm[i]! + offsets[i]!;
    const points = new Float32Array((lm.length / 3) * 2);
    for (let l = 0; l < lm.length / 3; l++) {
      const [u, w] = projectPoint(cam, [lm[l * 3]!, lm[l * 3 + 1]!, lm[l * 3 + 2]!]);
      // Box-Muller-free noise: uniform with the given standard deviation.
      points[l * 2] = u + (rand() - 0.5) * noise * Math.sqrt(12);
      points[l * 2 + 1] = w + (rand() - 0.5) * noise * Math.sqrt(12);
    }
    return { width: cam.width, height: cam.height, points };
  });
}

/**
 * Each view's dense landmarks (the mediapipe478 embedding projected, with uniform noise of the
 * given standard deviation) attached to `views` as `dense`.
 */
export function withDense(
  model: HeadModel,
  s: Subject,
  views: LandmarkObservation[],
  noise = 0,
  seed = 2,
): LandmarkObservation[] {
  const embedding = mediapipeEmbedding(model);
  if (!embedding) throw new Error(`no dense embedding for ${model.name}`);
  const rand = uniform(seed);
  return views.map((o, v) => {
    const p = densePositions(model, embedding, posedVertices(model, s, v));
    const points = new Float32Array(embedding.count * 2);
    for (let l = 0; l < embedding.count; l++) {
      const [u, w] = projectPoint(s.cameras[v]!, [p[l * 3]!, p[l * 3 + 1]!, p[l * 3 + 2]!]);
      points[l * 2] = u + (rand() - 0.5) * noise * Math.sqrt(12);
      points[l * 2 + 1] = w + (rand() - 0.5) * noise * Math.sqrt(12);
    }
    return { ...o, dense: { points } };
  });
}

/** A head with this identity and expression (neutral when absent), at the model origin. */
export function headVertices(
  model: HeadModel,
  identity: Float32Array,
  expression?: Float32Array,
): Float32Array {
  return evaluateHead(model, {
    model: model.name,
    identity,
    expression: expression ?? new Float32Array(model.expressionCount),
    rotation: new Float32Array(3),
    translation: new Float32Array(3),
  }).vertices;
}

/** View `v`'s head: the subject's identity and that view's expression. */
export const posedVertices = (model: HeadModel, s: Subject, v: number): Float32Array =>
  headVertices(model, s.identity, s.expressions[v]!);

/** Camera centre, world (model) space. */
export const centreOf = (c: Camera) =>
  [0, 1, 2].map(
    (j) =>
      -(
        c.rotation[j]! * c.translation[0]! +
        c.rotation[3 + j]! * c.translation[1]! +
        c.rotation[6 + j]! * c.translation[2]!
      ),
  );

/** Views of a portrait session at `focal` px on 512^2: distance set so the head fills ~85 % of the frame, yaw within +-35 degrees. */
export function portraitSession(model: HeadModel, views: number, seed: number, focal: number): Subject {
  const s = subject(model, views, seed);
  const rand = uniform(seed + 100);
  const d = (focal * 0.3) / (0.85 * 512);
  s.cameras = s.cameras.map((_c, v) => {
    const yaw = views === 1 ? 0 : -0.6 + (1.2 * v) / (views - 1),
      pitch = (rand() - 0.5) * 0.3;
    return lookAtCamera({
      eye: [
        d * Math.sin(yaw) * Math.cos(pitch),
        0.02 + d * Math.sin(pitch),
        d * Math.cos(yaw) * Math.cos(pitch),
      ],
      target: [0, 0.02, 0],
      width: 512,
      height: 512,
      focal,
    });
  });
  return s;
}
