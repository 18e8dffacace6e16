import type { Camera } from '@ffavatar/core';

/**
 * Our camera (CONVENTIONS.md: OpenCV axes x right, y down, z forward; world-to-camera R, t;
 * intrinsics in pixels, pixel centres at +0.5) as a three.js PerspectiveCamera: the only place
 * where the peer check converts conventions. Plain numbers, no three import, so the mapping is
 * tested in Node and sent to the page as JSON.
 *
 * - three.js cameras look down -z with y up: camera-to-world rotation columns are
 *   (x_cv, -y_cv, -z_cv), i.e. the rows of R with y and z negated; position c = -R^T t.
 * - Projection: the OpenGL matrix of the pinhole (fx, fy, cx, cy) on a W x H viewport. GL maps
 *   NDC [-1, 1] to pixel edges [0, W], and rasterises at pixel centres (i + 0.5), which is our
 *   convention too, so no half-pixel shift is needed. With cx = W / 2, cy = H / 2 and fx = fy
 *   this is exactly PerspectiveCamera(fovY = 2 atan(H / (2 fy)), aspect = W / H, near, far);
 *   `fovYDegrees` and `aspect` are given for peers that read them (LoD, culling heuristics).
 */
export interface ThreeCameraParams {
  /** Camera centre in world space. */
  position: [number, number, number];
  /** Camera-to-world rotation as a three.js quaternion (x, y, z, w). */
  quaternion: [number, number, number, number];
  fovYDegrees: number;
  aspect: number;
  near: number;
  far: number;
  /** Projection matrix, column-major (three.js `Matrix4.fromArray` order). */
  projection: number[];
  width: number;
  height: number;
}

export function toThreeCamera(cam: Camera, near: number, far: number): ThreeCameraParams {
  const R = cam.rotation,
    t = cam.translation;
  const r = (i: number) => R[i]!;
  const position: [number, number, number] = [
    -(r(0) * t[0]! + r(3) * t[1]! + r(6) * t[2]!),
    -(r(1) * t[0]! + r(4) * t[1]! + r(7) * t[2]!),
    -(r(2) * t[0]! + r(5) * t[1]! + r(8) * t[2]!),
  ];
  // Camera-to-world M: column j is the world direction of GL camera axis j.
  const m = [
    [r(0), -r(3), -r(6)],
    [r(1), -r(4), -r(7)],
    [r(2), -r(5), -r(8)],
  ] as const;
  const quaternion = quaternionFromMatrix(m);
  const { width: W, height: H, fx, fy, cx, cy } = cam;
  // Row-major OpenGL projection of the OpenCV pinhole (see the derivation in PEERS.md).
  const rows = [
    [(2 * fx) / W, 0, 1 - (2 * cx) / W, 0],
    [0, (2 * fy) / H, (2 * cy) / H - 1, 0],
    [0, 0, -(far + near) / (far - near), (-2 * far * near) / (far - near)],
    [0, 0, -1, 0],
  ];
  const projection: number[] = [];
  for (let c = 0; c < 4; c++) for (let rr = 0; rr < 4; rr++) projection.push(rows[rr]![c]!);
  return {
    position,
    quaternion,
    near,
    far,
    projection,
    width: W,
    height: H,
    fovYDegrees: (2 * Math.atan(H / (2 * fy)) * 180) / Math.PI,
    aspect: W / H,
  };
}

/** Shepperd's method; `m` is a proper rotation (row-major 3 x 3). Returns (x, y, z, w). */
function quaternionFromMatrix(m: readonly (readonly number[])[]): [number, number, number, number] {
  const a = (i: number, j: number) => m[i]![j]!;
  const trace = a(0, 0) + a(1, 1) + a(2, 2);
  let x: number, y: number, z: number, w: number;
  if (trace > 0) {
    const s = 0.5 / Math.sqrt(trace + 1);
    w = 0.25 / s;
    x = (a(2, 1) - a(1, 2)) * s;
    y = (a(0, 2) - a(2, 0)) * s;
    z = (a(1, 0) - a(0, 1)) * s;
  } else if (a(0, 0) > a(1, 1) && a(0, 0) > a(2, 2)) {
    const s = 2 * Math.sqrt(1 + a(0, 0) - a(1, 1) - a(2, 2));
    w = (a(2, 1) - a(1, 2)) / s;
    x = 0.25 * s;
    y = (a(0, 1) + a(1, 0)) / s;
    z = (a(0, 2) + a(2, 0)) / s;
  } else if (a(1, 1) > a(2, 2)) {
    const s = 2 * Math.sqrt(1 + a(1, 1) - a(0, 0) - a(2, 2));
    w = (a(0, 2) - a(2, 0)) / s;
    x = (a(0, 1) + a(1, 0)) / s;
    y = 0.25 * s;
    z = (a(1, 2) + a(2, 1)) / s;
  } else {
    const s = 2 * Math.sqrt(1 + a(2, 2) - a(0, 0) - a(1, 1));
    w = (a(1, 0) - a(0, 1)) / s;
    x = (a(0, 2) + a(2, 0)) / s;
    y = (a(1, 2) + a(2, 1)) / s;
    z = 0.25 * s;
  }
  const n = Math.hypot(x, y, z, w);
  return [x / n, y / n, z / n, w / n];
}
