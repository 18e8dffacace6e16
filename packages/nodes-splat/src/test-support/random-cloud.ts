import { seededRandom, type GaussianCloud } from '@ffavatar/core';

/** Seeded PRNG in [0, 1): tests are reproducible. */
export const seeded = seededRandom;

/** Random Gaussians in a box in front of a camera at the origin looking down +z (OpenCV). */
export function randomCloud(
  n: number,
  shDegree: number,
  seed = 1,
  opts: { center?: [number, number, number]; spread?: number; scale?: [number, number] } = {},
): GaussianCloud {
  const rand = seeded(seed);
  const [cx, cy, cz] = opts.center ?? [0, 0, 3];
  const spread = opts.spread ?? 1;
  const [sMin, sMax] = opts.scale ?? [0.01, 0.08];
  const k = (shDegree + 1) ** 2;
  const means = new Float32Array(n * 3);
  const logScales = new Float32Array(n * 3);
  const rotations = new Float32Array(n * 4);
  const logitOpacities = new Float32Array(n);
  const sh = new Float32Array(n * k * 3);
  for (let i = 0; i < n; i++) {
    means[i * 3] = cx + (rand() - 0.5) * spread;
    means[i * 3 + 1] = cy + (rand() - 0.5) * spread;
    means[i * 3 + 2] = cz + (rand() - 0.5) * spread;
    for (let a = 0; a < 3; a++) logScales[i * 3 + a] = Math.log(sMin + rand() * (sMax - sMin));
    const q = [rand() - 0.5, rand() - 0.5, rand() - 0.5, rand() - 0.5];
    const norm = Math.hypot(...q);
    for (let a = 0; a < 4; a++) rotations[i * 4 + a] = q[a]! / norm;
    logitOpacities[i] = (rand() - 0.3) * 6;
    for (let j = 0; j < k * 3; j++) sh[i * k * 3 + j] = (rand() - 0.5) * (j < 3 ? 3 : 0.6);
  }
  return { count: n, shDegree, means, logScales, rotations, logitOpacities, sh };
}
