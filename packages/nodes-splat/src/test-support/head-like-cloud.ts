import type { GaussianCloud } from '@ffavatar/core';
import { seeded } from './random-cloud.js';

/**
 * A head-sized benchmark scene: Gaussians on an ellipsoid shell (18 x 24 x 20 cm), mostly opaque,
 * flattened along the surface normal, as a reconstructed avatar's are. Random volumes overstate
 * the blending cost (nothing is opaque, nothing stops early); this is what the pipeline renders.
 */
export function headLikeCloud(n: number, seed = 1): GaussianCloud {
  const rand = seeded(seed);
  const means = new Float32Array(n * 3),
    logScales = new Float32Array(n * 3),
    rotations = new Float32Array(n * 4);
  const logitOpacities = new Float32Array(n),
    sh = new Float32Array(n * 16 * 3);
  const [a, b, c] = [0.09, 0.12, 0.1];
  // Surface density ~ n / area: pick a tangent size so neighbours overlap about 2x.
  const area = 4 * Math.PI * ((a * b) ** 1.6 / 3 + (a * c) ** 1.6 / 3 + (b * c) ** 1.6 / 3) ** (1 / 1.6);
  const tangent = Math.sqrt(area / n);
  for (let i = 0; i < n; i++) {
    const z = 2 * rand() - 1,
      phi = 2 * Math.PI * rand(),
      r = Math.sqrt(1 - z * z);
    const nx = r * Math.cos(phi),
      ny = r * Math.sin(phi),
      nz = z;
    means[i * 3] = a * nx;
    means[i * 3 + 1] = b * ny;
    means[i * 3 + 2] = c * nz;
    logScales[i * 3] = Math.log(tangent * (0.6 + rand()));
    logScales[i * 3 + 1] = Math.log(tangent * (0.6 + rand()));
    logScales[i * 3 + 2] = Math.log(tangent * 0.1);
    // Rotate local z onto the normal: the quaternion between (0, 0, 1) and n.
    const w = 1 + nz,
      qn = Math.hypot(w, -ny, nx) || 1;
    rotations[i * 4] = w / qn;
    rotations[i * 4 + 1] = -ny / qn;
    rotations[i * 4 + 2] = nx / qn;
    rotations[i * 4 + 3] = 0;
    logitOpacities[i] = 2 + 3 * rand();
    for (let j = 0; j < 48; j++) sh[i * 48 + j] = (rand() - 0.5) * (j < 3 ? 2 : 0.2);
  }
  return { count: n, shDegree: 3, means, logScales, rotations, logitOpacities, sh };
}
