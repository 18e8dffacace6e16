import { lookAtCamera } from '@ffavatar/core/geometry';
import { type Camera, type GaussianCloud } from '@ffavatar/core';
import { randomCloud } from '../test-support/random-cloud.js';

/**
 * The peer check's scenes: seeded random volumes of anisotropic, overlapping Gaussians around the
 * origin, seen off-axis (so a flipped axis or a mirrored SH term cannot cancel out) by a
 * non-square camera (so a swapped aspect or fov shows). Everything stays inside the view, away
 * from the peers' frustum-centre culls (GS3D drops centres beyond 1.2x the NDC box, Spark 1.4x).
 */
export interface PeerScene {
  name: string;
  cloud: GaussianCloud;
  camera: Camera;
}

export const PEER_BACKGROUND: [number, number, number] = [0.2, 0.3, 0.4];
const PEER_WIDTH = 320;
const PEER_HEIGHT = 240;

export function peerCamera(width = PEER_WIDTH, height = PEER_HEIGHT): Camera {
  return lookAtCamera({ eye: [0.9, -0.7, -2.6], target: [0, 0, 0], width, height, fovYDegrees: 40 });
}

export function peerScene(name: string, n: number, shDegree: number, seed: number): PeerScene {
  return {
    name,
    // Per-axis scales 3 mm .. 12 cm: up to 40:1 needles and discs, a few pixels to ~40 px sigma.
    cloud: randomCloud(n, shDegree, seed, { center: [0, 0, 0], spread: 1, scale: [0.003, 0.12] }),
    camera: peerCamera(),
  };
}

/** The same cloud keeping SH bands up to `degree` (for a peer that caps the degree). */
export function truncateSh(cloud: GaussianCloud, degree: number): GaussianCloud {
  if (degree >= cloud.shDegree) return cloud;
  const k = (cloud.shDegree + 1) ** 2,
    k2 = (degree + 1) ** 2;
  const sh = new Float32Array(cloud.count * k2 * 3);
  for (let i = 0; i < cloud.count; i++) sh.set(cloud.sh.subarray(i * k * 3, i * k * 3 + k2 * 3), i * k2 * 3);
  return { ...cloud, shDegree: degree, sh };
}
