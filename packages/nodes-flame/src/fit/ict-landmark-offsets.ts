import type { HeadModel } from '@ffavatar/core';
import { ICT_MODEL_NAME } from '../ict/load-ict.js';

/**
 * Where the 68-point detector (face-api, iBUG-68 definitions) puts each landmark on an ICT-FaceKit
 * head, relative to the model's own landmark vertex: [68, 3] model-space millimetres. Measured by
 * tools/src/eval/calibrate-landmarks.ts on synthetic renders through the real detector (true
 * cameras and shape, so every pixel of disagreement is the definitions'); regenerate with it.
 */
// prettier-ignore
const ICT_LANDMARK_OFFSETS_MM: readonly number[] = [
  -2.66, -4.07, 13.40, // 0
  -3.10, -1.39, 14.72, // 1
  -2.65, 0.53, 12.04, // 2
  -1.73, 3.76, 7.75, // 3
  -2.76, 9.63, 2.85, // 4
  -5.77, 15.08, -1.08, // 5
  -4.68, 16.09, -5.66, // 6
  -4.97, 13.32, -9.51, // 7
  0.00, 12.46, -8.20, // 8
  4.97, 13.32, -9.51, // 9
  4.68, 16.09, -5.66, // 10
  5.77, 15.08, -1.08, // 11
  2.76, 9.63, 2.85, // 12
  1.73, 3.76, 7.75, // 13
  2.65, 0.53, 12.04, // 14
  3.10, -1.39, 14.72, // 15
  2.66, -4.07, 13.40, // 16
  3.59, 0.32, 6.08, // 17
  3.29, -1.30, 2.72, // 18
  2.59, -2.35, -0.57, // 19
  -1.02, -2.89, -3.12, // 20
  -4.29, -3.19, -3.89, // 21
  4.29, -3.19, -3.89, // 22
  1.02, -2.89, -3.12, // 23
  -2.59, -2.35, -0.57, // 24
  -3.29, -1.30, 2.72, // 25
  -3.59, 0.32, 6.08, // 26
  0.00, -0.72, 0.42, // 27
  0.00, -0.67, 1.04, // 28
  0.00, -0.99, 1.42, // 29
  0.00, 0.33, -2.12, // 30
  1.06, 7.43, 1.28, // 31
  -0.27, 5.89, -0.60, // 32
  0.00, 5.10, -0.25, // 33
  0.27, 5.89, -0.60, // 34
  -1.06, 7.43, 1.28, // 35
  2.93, 2.78, 4.26, // 36
  3.35, 1.61, 1.81, // 37
  1.56, 0.94, -0.10, // 38
  -0.11, 3.79, 1.79, // 39
  1.65, 3.46, 1.70, // 40
  3.67, 3.26, 2.30, // 41
  0.10, 3.79, 1.79, // 42
  -1.56, 0.94, -0.10, // 43
  -3.35, 1.61, 1.81, // 44
  -2.93, 2.78, 4.26, // 45
  -3.67, 3.26, 2.30, // 46
  -1.65, 3.46, 1.70, // 47
  0.44, 6.47, -1.26, // 48
  1.30, 5.62, -1.76, // 49
  1.90, 6.02, -2.12, // 50
  0.00, 5.28, -3.35, // 51
  -1.90, 6.02, -2.12, // 52
  -1.30, 5.62, -1.76, // 53
  -0.44, 6.47, -1.26, // 54
  -1.67, 6.15, -2.11, // 55
  -1.98, 5.55, -3.27, // 56
  0.00, 5.45, -3.76, // 57
  1.98, 5.55, -3.27, // 58
  1.67, 6.15, -2.11, // 59
  -0.68, 6.51, 0.02, // 60
  2.35, 8.72, 0.33, // 61
  0.00, 9.39, 0.12, // 62
  -2.35, 8.72, 0.33, // 63
  0.68, 6.51, 0.02, // 64
  -3.06, 3.41, -0.76, // 65
  0.00, 3.57, -1.68, // 66
  3.06, 3.41, -0.76, // 67
];

/** The calibration table for `model` in metres, or an empty array when none applies. */
export function defaultLandmarkOffsets(model: HeadModel): Float32Array {
  if (
    model.name !== ICT_MODEL_NAME ||
    model.landmarks?.count !== 68 ||
    ICT_LANDMARK_OFFSETS_MM.length !== 68 * 3
  )
    return new Float32Array(0);
  return Float32Array.from(ICT_LANDMARK_OFFSETS_MM, (v) => v / 1000);
}
