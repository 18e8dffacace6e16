import { batchHeadParams, cameraCentre, evaluateHeadBatch, projectPoint } from '@ffavatar/core/geometry';
import { MEDIAPIPE478, type Camera, type HeadModel, type HeadParams } from '@ffavatar/core';
import { densePositions, mediapipeEmbedding, type DenseEmbedding } from './ict-mediapipe-embedding.js';

/**
 * Where one eye looks, in degrees, relative to the head: yaw > 0 towards the subject's left (model
 * +x), pitch > 0 up (model +y), both 0 when the iris sits where the head model puts it at rest.
 */
export interface EyeGaze {
  yaw: number;
  pitch: number;
}
export interface Gaze {
  right: EyeGaze;
  left: EyeGaze;
}

/**
 * Gaze angle at which an ICT/ARKit eyeLook weight reaches 1. ARKit does not publish one; 30 degrees
 * is about the comfortable limit of eye rotation before the head turns, and maps a typical glance
 * (10-15 degrees) to 0.3-0.5.
 */
const FULL_SCALE_DEGREES = 30;
/**
 * Gaze below this reads as 0: at portrait sizes an eyeball is ~13 px in radius, so one pixel of
 * iris error is 4-5 degrees, and smaller readings are noise.
 */
const DEAD_ZONE_DEGREES = 5;

/**
 * Each eye's gaze from its iris centre (mediapipe478 points 468, 473) in a fitted photo: the ray
 * through the iris meets the eyeball (a sphere about the mean of the model's eyeball vertices), and
 * the direction from the eyeball's centre to that point, against the same for the model's own iris
 * point as the camera sees it, gives the rotation. Undefined when the model has no eyeball regions or no dense
 * embedding.
 */
export function measureGaze(
  model: HeadModel,
  params: HeadParams,
  camera: Camera,
  dense: Float32Array,
): Gaze | undefined {
  const embedding = mediapipeEmbedding(model);
  const names = model.regionNames ?? [];
  const regionIds = [names.indexOf('eyeball_right'), names.indexOf('eyeball_left')];
  if (!embedding || !model.regions || regionIds.some((r) => r < 0)) return undefined;
  // Only the eyeballs and the irises' triangles are evaluated (a few hundred of ICT's 25k vertices).
  const eyes = MEDIAPIPE478.eyes;
  const irises: DenseEmbedding = {
    scheme: 'irises',
    count: eyes.length,
    triangles: Uint32Array.from(eyes, (eye) => embedding.triangles[eye.iris]!),
    barycentrics: Float32Array.from(
      eyes.flatMap((eye) => Array.from(embedding.barycentrics.subarray(eye.iris * 3, eye.iris * 3 + 3))),
    ),
  };
  const eyeballs: number[][] = regionIds.map(() => []);
  model.regions.forEach((id, v) => {
    const e = regionIds.indexOf(id);
    if (e >= 0) eyeballs[e]!.push(v);
  });
  const corners = Array.from(irises.triangles, (f) =>
    [0, 1, 2].map((k) => model.triangles[f * 3 + k]!),
  ).flat();
  const vertices = Uint32Array.from(new Set([...eyeballs.flat(), ...corners]));
  const row = new Map(Array.from(vertices, (v, i) => [v, i]));
  const P = evaluateHeadBatch(model, batchHeadParams(model, [params]), { vertices }).positions;
  const irisAt = densePositions(model, irises, P, { vertices });
  const turns = eyes.map((eye, e) => {
    const centre: Vec3 = [0, 0, 0];
    for (const v of eyeballs[e]!)
      for (let a = 0; a < 3; a++) centre[a] = centre[a]! + P[row.get(v)! * 3 + a]! / eyeballs[e]!.length;
    // The iris turns on a sphere through the model's iris point (the cornea, in front of the
    // eyeball's mean radius), and the model's point goes through the same projection as the
    // detected one, so the rest direction has the same errors.
    const iris: Vec3 = [irisAt[e * 3]!, irisAt[e * 3 + 1]!, irisAt[e * 3 + 2]!];
    const radius = Math.hypot(...sub(iris, centre));
    const [ru, rv] = projectPoint(camera, iris);
    const rest = rayOnSphere(camera, ru, rv, centre, radius);
    const hit = rayOnSphere(camera, dense[eye.iris * 2]!, dense[eye.iris * 2 + 1]!, centre, radius);
    const d = unit(sub(hit, centre)),
      r = unit(sub(rest, centre));
    const deg = 180 / Math.PI;
    return {
      yaw: (Math.atan2(d[0], d[2]) - Math.atan2(r[0], r[2])) * deg,
      pitch: (Math.asin(d[1]) - Math.asin(r[1])) * deg,
    };
  });
  return { right: turns[0]!, left: turns[1]! };
}

/**
 * ICT/ARKit eyeLook weights for a gaze: looking towards the subject's left is "out" for the left
 * eye and "in" for the right one. Both eyes get the mean of the two (eyes turn together; on real
 * photos each eye's reading scatters by several degrees, their mean less), so vergence is dropped.
 */
export function eyeLookWeights(gaze: Gaze): Record<string, number> {
  const w = (deg: number) =>
    Math.min(1, Math.max(0, (deg - DEAD_ZONE_DEGREES) / (FULL_SCALE_DEGREES - DEAD_ZONE_DEGREES)));
  const yaw = (gaze.left.yaw + gaze.right.yaw) / 2,
    pitch = (gaze.left.pitch + gaze.right.pitch) / 2;
  return {
    eyeLookOut_L: w(yaw),
    eyeLookIn_L: w(-yaw),
    eyeLookIn_R: w(yaw),
    eyeLookOut_R: w(-yaw),
    eyeLookUp_L: w(pitch),
    eyeLookDown_L: w(-pitch),
    eyeLookUp_R: w(pitch),
    eyeLookDown_R: w(-pitch),
  };
}

type Vec3 = [number, number, number];
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const unit = (a: Vec3): Vec3 => {
  const n = Math.hypot(...a) || 1;
  return [a[0] / n, a[1] / n, a[2] / n];
};

/**
 * The nearer point where the pixel's ray meets the sphere; where a few pixels of error make it
 * miss, the sphere point nearest the ray (the iris at the eyeball's visible rim).
 */
function rayOnSphere(cam: Camera, u: number, v: number, c: Vec3, r: number): Vec3 {
  const R = cam.rotation;
  // The ray direction R^T K^-1 [u, v, 1] (OpenCV, world-to-camera).
  const o = cameraCentre(cam);
  const k: Vec3 = [(u - cam.cx) / cam.fx, (v - cam.cy) / cam.fy, 1];
  const d = unit([0, 1, 2].map((j) => R[j]! * k[0] + R[3 + j]! * k[1] + R[6 + j]! * k[2]) as Vec3);
  const oc = sub(o, c);
  const b = dot(oc, d),
    disc = b * b - (dot(oc, oc) - r * r);
  const s = disc >= 0 ? -b - Math.sqrt(disc) : -b;
  const p: Vec3 = [o[0] + s * d[0], o[1] + s * d[1], o[2] + s * d[2]];
  if (disc >= 0) return p;
  const toward = unit(sub(p, c));
  return [c[0] + r * toward[0], c[1] + r * toward[1], c[2] + r * toward[2]];
}
