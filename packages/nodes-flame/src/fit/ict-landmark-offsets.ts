import type { HeadModel } from '@ffavatar/core';
import { ICT_MODEL_NAME } from '../ict/load-ict.js';

/**
 * Where the 68-point detector (face-api, iBUG-68 definitions) puts each landmark on an ICT-FaceKit
 * head, relative to the model's own landmark vertex: [68, 3] model-space millimetres. Measured by
 * tools/src/eval/calibrate-landmarks.ts on synthetic renders through the real detector (true
 * cameras and shape, so every pixel of disagreement is the definitions'); regenerate with it.
 */
const ICT_LANDMARK_OFFSETS_MM: readonly number[] = [
  -5.36,
  -4.62,
  17.9, // 0
  -4.69,
  -2.4,
  18.51, // 1
  -3.59,
  -1.48,
  14.9, // 2
  -2.43,
  1.24,
  10.01, // 3
  -4.26,
  6.03,
  5.22, // 4
  -7.75,
  10.69,
  0.45, // 5
  -6.46,
  10.3,
  -4.29, // 6
  -6.12,
  6.25,
  -8.82, // 7
  -0.19,
  5.1,
  -7.93, // 8
  5.4,
  6.65,
  -8.93, // 9
  3.66,
  10.16,
  -3.89, // 10
  2.96,
  10.29,
  2.84, // 11
  -1.2,
  6.75,
  8.37, // 12
  -2.27,
  2.14,
  14.3, // 13
  -1.4,
  -0.29,
  18.59, // 14
  -0.65,
  -2.35,
  20.9, // 15
  -0.96,
  -4.96,
  18.86, // 16
  -0.22,
  1.03,
  8.67, // 17
  -0.1,
  0.11,
  4.1, // 18
  -0.36,
  -0.72,
  0.86, // 19
  -3.2,
  -0.95,
  -2.11, // 20
  -5.74,
  -1.59,
  -2.96, // 21
  6.08,
  -1.95,
  -5.2, // 22
  3.18,
  -1.57,
  -4.38, // 23
  -0.28,
  -0.83,
  -1.78, // 24
  -0.61,
  0.35,
  2.33, // 25
  -1.49,
  1.35,
  6.08, // 26
  -0.07,
  -1.01,
  0.01, // 27
  0.33,
  -2.16,
  -0.11, // 28
  0.67,
  -3.81,
  -0.35, // 29
  0.69,
  -3.27,
  -4.26, // 30
  1.12,
  3.62,
  -0.49, // 31
  0.28,
  1.51,
  -2.13, // 32
  0.69,
  1.0,
  -2.04, // 33
  1.32,
  2.28,
  -2.43, // 34
  0.16,
  3.56,
  -0.05, // 35
  -0.38,
  3.29,
  5.92, // 36
  0.63,
  2.21,
  2.82, // 37
  -0.71,
  1.5,
  0.93, // 38
  -2.01,
  4.06,
  2.22, // 39
  -0.15,
  2.94,
  2.7, // 40
  1.02,
  3.41,
  3.5, // 41
  1.01,
  3.99,
  1.49, // 42
  0.07,
  1.92,
  -1.0, // 43
  -0.84,
  2.49,
  0.92, // 44
  -0.92,
  2.74,
  3.67, // 45
  -1.31,
  3.08,
  1.21, // 46
  0.3,
  4.07,
  0.56, // 47
  -1.74,
  2.68,
  -3.04, // 48
  0.89,
  0.95,
  -3.95, // 49
  2.21,
  0.39,
  -4.8, // 50
  0.92,
  -0.15,
  -6.06, // 51
  -0.94,
  0.89,
  -4.78, // 52
  0.72,
  0.52,
  -4.66, // 53
  2.38,
  2.61,
  -3.72, // 54
  -0.19,
  3.14,
  -4.57, // 55
  -0.83,
  2.59,
  -5.35, // 56
  0.38,
  2.34,
  -5.76, // 57
  2.29,
  2.36,
  -5.21, // 58
  0.92,
  2.33,
  -3.62, // 59
  -3.02,
  2.47,
  -1.62, // 60
  2.14,
  3.7,
  -2.21, // 61
  0.73,
  4.02,
  -2.63, // 62
  -1.24,
  3.22,
  -2.37, // 63
  2.96,
  2.78,
  -2.66, // 64
  -1.82,
  0.29,
  -2.91, // 65
  0.76,
  0.37,
  -3.72, // 66
  3.29,
  0.15,
  -2.48, // 67
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
