import { lookAtCamera, type Camera, type GaussianCloud } from '@ffavatar/core';

export interface Orbit { yaw: number; pitch: number; zoom: number }

/** Centre and size of a cloud (bounding box of its means), to aim and frame the orbit camera. */
export function frameOf(cloud: GaussianCloud): { centre: [number, number, number]; radius: number } {
  const m = cloud.means as Float32Array;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < m.length; i += 3) {
    for (let k = 0; k < 3; k++) { const v = m[i + k]!; if (v < lo[k]!) lo[k] = v; if (v > hi[k]!) hi[k] = v; }
  }
  const centre = [0, 1, 2].map((k) => (lo[k]! + hi[k]!) / 2) as [number, number, number];
  const radius = Math.hypot(hi[0]! - lo[0]!, hi[1]! - lo[1]!, hi[2]! - lo[2]!) / 2 || 1;
  return { centre, radius };
}

/**
 * An orbit camera around the cloud (core's lookAtCamera, OpenCV conventions, world +y up): yaw 0
 * and pitch 0 look at the face from +z, as the shipped graphs' frontal cameras do.
 */
export function orbitCamera(frame: { centre: [number, number, number]; radius: number }, o: Orbit, size: number): Camera {
  const d = (frame.radius * 2.6) / o.zoom;
  const [cx, cy, cz] = frame.centre;
  const eye: [number, number, number] = [
    cx + d * Math.sin(o.yaw) * Math.cos(o.pitch),
    cy + d * Math.sin(o.pitch),
    cz + d * Math.cos(o.yaw) * Math.cos(o.pitch),
  ];
  return lookAtCamera({ eye, target: frame.centre, width: size, height: size, fovYDegrees: 30 });
}
