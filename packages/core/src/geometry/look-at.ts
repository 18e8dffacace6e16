import type { Camera } from '../engine/ports/camera.js';

export type Vec3 = readonly [number, number, number];

/**
 * A pinhole camera at `eye` looking at `target`, OpenCV axes (x right, y down, z forward; see
 * CONVENTIONS.md). `up` is the world direction that should appear up in the image (default +y up
 * in the world means -y in camera space). Focal length from the vertical field of view; principal
 * point at the image centre.
 */
export function lookAtCamera(opts: {
  eye: Vec3;
  target: Vec3;
  up?: Vec3;
  width: number;
  height: number;
  fovYDegrees?: number;
  focal?: number;
}): Camera {
  const { eye, target, width, height } = opts;
  const up = opts.up ?? [0, 1, 0];
  const z = normalize(sub(target, eye));
  // Right-handed world: forward x up points to the viewer's right; forward x right points down.
  const x = normalize(cross(z, up));
  const y = cross(z, x);
  const focal = opts.focal ?? (0.5 * height) / Math.tan(((opts.fovYDegrees ?? 30) * Math.PI) / 360);
  const rotation = new Float64Array([x[0], x[1], x[2], y[0], y[1], y[2], z[0], z[1], z[2]]);
  const translation = new Float64Array([-dot(x, eye), -dot(y, eye), -dot(z, eye)]);
  return { width, height, fx: focal, fy: focal, cx: width / 2, cy: height / 2, rotation, translation };
}

/** Projects a world point to pixel coordinates (u, v) and camera depth z. */
export function projectPoint(cam: Camera, p: Vec3): [number, number, number] {
  const R = cam.rotation,
    t = cam.translation;
  const x = R[0]! * p[0] + R[1]! * p[1] + R[2]! * p[2] + t[0]!;
  const y = R[3]! * p[0] + R[4]! * p[1] + R[5]! * p[2] + t[1]!;
  const z = R[6]! * p[0] + R[7]! * p[1] + R[8]! * p[2] + t[2]!;
  return [cam.fx * (x / z) + cam.cx, cam.fy * (y / z) + cam.cy, z];
}

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
function normalize(a: Vec3): Vec3 {
  const n = Math.hypot(a[0], a[1], a[2]);
  if (n === 0)
    throw new Error('lookAtCamera: eye and target coincide, or up is parallel to the view direction');
  return [a[0] / n, a[1] / n, a[2] / n];
}
