import type { Rgba8 } from '../landmarks/landmark-backend.js';
import { IBUG68_PARTS } from '../landmarks/ibug68.js';
import { IRIS_INPUT, MESH_INPUT, type FaceMeshBackend } from './face-mesh-backend.js';
import { MEDIAPIPE478 } from '@ffavatar/core';
import { cropToImage, sampleSquare, type RotatedSquare } from './rotated-crop.js';

/** A face's dense landmarks in image pixels (scheme mediapipe478). */
export interface DenseFace {
  /** [478, 2] image pixels. */
  readonly points: Float32Array;
  /** [478] relative depth in image pixels (smaller = nearer the camera); irises at their eye's mean depth. */
  readonly depth: Float32Array;
  /**
   * The face-mesh net's face probability, the lowest over the passes. The first pass sees the crop
   * the detector's points give; later passes re-centre on the mesh, which fits anything face-like
   * well enough to raise the score (a skull mask: 0.02, then 0.69, then 0.84), so only the lowest
   * says whether there is a human face here.
   */
  readonly score: number;
  /** The crop the final pass saw. */
  readonly crop: RotatedSquare;
}

/**
 * How much larger than the landmarks' extent a crop is. MediaPipe crops 1.5x the previous mesh; the
 * 68 points stop at the brows (the mesh reaches the hairline), so the first crop from them is wider.
 */
const MESH_MARGIN = 1.5;
const SEED_MARGIN = 1.7;
/** An eye crop is this many times its corner-to-corner width (MediaPipe's iris crop). */
const EYE_MARGIN = 2.3;

/**
 * The mesh and irises of the face whose 68 iBUG points are `seed`: a crop turned by the eye line
 * and sized from the seed, then `passes - 1` more crops from the mesh itself (each pass re-centres
 * on the previous mesh, as MediaPipe tracks), then one iris crop per eye.
 */
export async function denseFace(
  backend: FaceMeshBackend,
  image: Rgba8,
  seed: Float32Array,
  passes = 2,
): Promise<DenseFace> {
  let crop = seedSquare(seed);
  let mesh: Float32Array | undefined;
  let score = 1;
  for (let pass = 0; pass < passes; pass++) {
    if (mesh) crop = meshSquare(mesh);
    const out = await backend.mesh(sampleSquare(image, crop, MESH_INPUT));
    mesh = Float32Array.from(out.points);
    cropToImage(mesh, MEDIAPIPE478.meshCount, 3, crop, MESH_INPUT);
    score = Math.min(score, out.score);
  }
  const points = new Float32Array(MEDIAPIPE478.count * 2),
    depth = new Float32Array(MEDIAPIPE478.count);
  for (let i = 0; i < MEDIAPIPE478.meshCount; i++) {
    points[i * 2] = mesh![i * 3]!;
    points[i * 2 + 1] = mesh![i * 3 + 1]!;
    depth[i] = mesh![i * 3 + 2]!;
  }
  for (const eye of MEDIAPIPE478.eyes) {
    const ax = mesh![eye.outer * 3]!,
      ay = mesh![eye.outer * 3 + 1]!,
      bx = mesh![eye.inner * 3]!,
      by = mesh![eye.inner * 3 + 1]!;
    const eyeCrop: RotatedSquare = {
      cx: (ax + bx) / 2,
      cy: (ay + by) / 2,
      side: EYE_MARGIN * Math.hypot(ax - bx, ay - by),
      angle: crop.angle,
      // The iris net was trained on the right eye as it appears in a photo; the left one is mirrored.
      mirror: eye.side === 'left',
    };
    const iris = (await backend.iris(sampleSquare(image, eyeCrop, IRIS_INPUT))).slice(71 * 3, 76 * 3);
    cropToImage(iris, 5, 3, eyeCrop, IRIS_INPUT);
    const eyeDepth = (mesh![eye.outer * 3 + 2]! + mesh![eye.inner * 3 + 2]!) / 2;
    for (let k = 0; k < 5; k++) {
      points[(eye.iris + k) * 2] = iris[k * 3]!;
      points[(eye.iris + k) * 2 + 1] = iris[k * 3 + 1]!;
      depth[eye.iris + k] = eyeDepth;
    }
  }
  return { points, depth, score, crop };
}

/** The first crop: centred on the 68 points' extent, turned so the eye centres are level. */
function seedSquare(seed: Float32Array): RotatedSquare {
  const centre = ({ start, end }: { start: number; end: number }) => {
    let x = 0,
      y = 0;
    for (let i = start; i < end; i++) {
      x += seed[i * 2]!;
      y += seed[i * 2 + 1]!;
    }
    return [x / (end - start), y / (end - start)] as const;
  };
  const [rx, ry] = centre(IBUG68_PARTS.rightEye),
    [lx, ly] = centre(IBUG68_PARTS.leftEye);
  return alignedSquare(seed, 2, seed.length / 2, Math.atan2(ly - ry, lx - rx), SEED_MARGIN);
}

/** The next crop from a mesh ([468, 3] image px): its extent in the eye-aligned frame, as MediaPipe. */
function meshSquare(mesh: Float32Array): RotatedSquare {
  const [r, l] = [MEDIAPIPE478.eyes[0].outer, MEDIAPIPE478.eyes[1].outer];
  const angle = Math.atan2(mesh[l * 3 + 1]! - mesh[r * 3 + 1]!, mesh[l * 3]! - mesh[r * 3]!);
  return alignedSquare(mesh, 3, MEDIAPIPE478.meshCount, angle, MESH_MARGIN);
}

/** A square turned by `angle` around the points' extent measured along the turned axes. */
function alignedSquare(
  xy: Float32Array,
  stride: number,
  count: number,
  angle: number,
  margin: number,
): RotatedSquare {
  const cos = Math.cos(angle),
    sin = Math.sin(angle);
  let u0 = Infinity,
    u1 = -Infinity,
    v0 = Infinity,
    v1 = -Infinity;
  for (let i = 0; i < count; i++) {
    const x = xy[i * stride]!,
      y = xy[i * stride + 1]!;
    const u = cos * x + sin * y,
      v = -sin * x + cos * y;
    u0 = Math.min(u0, u);
    u1 = Math.max(u1, u);
    v0 = Math.min(v0, v);
    v1 = Math.max(v1, v);
  }
  const uc = (u0 + u1) / 2,
    vc = (v0 + v1) / 2;
  return {
    cx: cos * uc - sin * vc,
    cy: sin * uc + cos * vc,
    side: margin * Math.max(u1 - u0, v1 - v0),
    angle,
  };
}
