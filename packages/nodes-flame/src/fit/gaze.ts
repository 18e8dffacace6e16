import { evaluateHead, projectPoint } from '@ffavatar/core/geometry';
import { MEDIAPIPE478, type Camera, type HeadModel, type HeadParams } from '@ffavatar/core';
import { mediapipeEmbedding } from './ict-mediapipe-embedding.js';

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
  const V = evaluateHead(model, params).vertices;
  const eyes = MEDIAPIPE478.eyes.map((eye, e) => {
    const centre = centreOf(V, model.regions!, regionIds[e]!);
    // The iris turns on a sphere through the model's iris point (the cornea, in front of the
    // eyeball's mean radius), and the model's point goes through the same projection as the
    // detected one, so the rest direction has the same errors.
    const iris = surfacePoint(model, V, embedding, eye.iris);
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
  return { right: eyes[0]!, left: eyes[1]! };
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

/** Centre (mean) of one region's vertices: the eyeball's centre of rotation. */
function centreOf(V: Float32Array, regions: Uint8Array, region: number): Vec3 {
  const c: Vec3 = [0, 0, 0];
  let n = 0;
  for (let v = 0; v < regions.length; v++) {
    if (regions[v] !== region) continue;
    for (let a = 0; a < 3; a++) c[a] = c[a]! + V[v * 3 + a]!;
    n++;
  }
  for (let a = 0; a < 3; a++) c[a] = c[a]! / n;
  return c;
}

function surfacePoint(
  model: HeadModel,
  V: Float32Array,
  embedding: { triangles: Uint32Array; barycentrics: Float32Array },
  l: number,
): Vec3 {
  const p: Vec3 = [0, 0, 0];
  for (let k = 0; k < 3; k++) {
    const v = model.triangles[embedding.triangles[l]! * 3 + k]!;
    for (let a = 0; a < 3; a++) p[a] = p[a]! + embedding.barycentrics[l * 3 + k]! * V[v * 3 + a]!;
  }
  return p;
}

/**
 * The nearer point where the pixel's ray meets the sphere; where a few pixels of error make it
 * miss, the sphere point nearest the ray (the iris at the eyeball's visible rim).
 */
function rayOnSphere(cam: Camera, u: number, v: number, c: Vec3, r: number): Vec3 {
  const R = cam.rotation,
    t = cam.translation;
  // Camera centre -R^T t and the ray direction R^T K^-1 [u, v, 1] (OpenCV, world-to-camera).
  const o: Vec3 = [0, 1, 2].map((j) => -(R[j]! * t[0]! + R[3 + j]! * t[1]! + R[6 + j]! * t[2]!)) as Vec3;
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
