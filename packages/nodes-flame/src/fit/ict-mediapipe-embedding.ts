import type { HeadModel } from '@ffavatar/core';
import { landmarkPositions, type LandmarkPositionOptions } from '@ffavatar/core/geometry';
import { MEDIAPIPE478 } from '@ffavatar/core';
import { ICT_MODEL_NAME } from '../ict/load-ict.js';
import { ICT_MEDIAPIPE478 } from './ict-mediapipe-table.js';

/** Dense landmarks embedded in a head model's surface, in the shape of the model's own embedding. */
export type DenseEmbedding = NonNullable<HeadModel['landmarks']>;

/** The dense embedding for `model`, or undefined when none is known (any model but ICT-FaceKit Light). */
export function mediapipeEmbedding(model: HeadModel): DenseEmbedding | undefined {
  const count = MEDIAPIPE478.count;
  if (model.name !== ICT_MODEL_NAME || ICT_MEDIAPIPE478.length !== count * 4) return undefined;
  const triangles = new Uint32Array(count),
    barycentrics = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) {
    triangles[i] = ICT_MEDIAPIPE478[i * 4]!;
    for (let k = 0; k < 3; k++) barycentrics[i * 3 + k] = ICT_MEDIAPIPE478[i * 4 + 1 + k]!;
  }
  if (triangles.some((f) => f >= model.triangleCount)) return undefined;
  return { scheme: MEDIAPIPE478.scheme, count, triangles, barycentrics };
}

/** [D, 3] positions of the embedded points on evaluated vertices (core's landmarkPositions). */
export function densePositions(
  model: HeadModel,
  embedding: DenseEmbedding,
  positions: Float32Array,
  opts?: LandmarkPositionOptions,
): Float32Array {
  return landmarkPositions({ ...model, landmarks: embedding }, positions, opts);
}
