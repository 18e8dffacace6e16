import type { Avatar } from '@ffavatar/core';
import { shDcToColour } from '@ffavatar/core/geometry';

/** Features per Gaussian the motion-refiner node feeds (F in the contract). */
export const ANCHOR_FEATURES = 8;

/**
 * [N, 8] f32 per Gaussian: barycentrics (3), normal offset (1), DC colour in [0, 1] (3), and the
 * triangle id scaled to [0, 1] (where on the head the Gaussian sits). A trained refiner exported
 * for this node must read the same eight in this order (CONTRACTS.md).
 */
export function anchorFeatures(a: Avatar): Float32Array {
  const out = new Float32Array(a.count * ANCHOR_FEATURES);
  const coeffs = (a.shDegree + 1) ** 2;
  let maxTri = 1;
  for (let i = 0; i < a.count; i++) maxTri = Math.max(maxTri, a.triangle[i]!);
  for (let i = 0; i < a.count; i++) {
    const o = i * ANCHOR_FEATURES;
    out[o] = a.barycentric[i * 3]!;
    out[o + 1] = a.barycentric[i * 3 + 1]!;
    out[o + 2] = a.barycentric[i * 3 + 2]!;
    out[o + 3] = a.normalOffset[i]!;
    for (let c = 0; c < 3; c++) out[o + 4 + c] = shDcToColour(a.sh[i * coeffs * 3 + c]!);
    out[o + 7] = a.triangle[i]! / maxTri;
  }
  return out;
}
