import type { GaussianCloud } from '@ffavatar/core';
import { logitToOpacity, shDcToColour } from '@ffavatar/core/geometry';

/**
 * The `.splat` format of the antimatter15 web viewer: 32 bytes per Gaussian, position 3 x f32,
 * linear scale 3 x f32, colour RGBA u8 (DC colour, opacity), rotation wxyz as u8 (q * 128 + 128).
 * View-dependent colour (SH degree > 0) is dropped: the format has no room for it. Gaussians are
 * written largest-and-most-opaque first, as the viewer expects for its progressive load.
 */

export function writeSplat(cloud: GaussianCloud): Uint8Array {
  const n = cloud.count;
  const k = (cloud.shDegree + 1) ** 2;
  const importance = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const s = cloud.logScales;
    importance[i] =
      Math.exp(s[i * 3]! + s[i * 3 + 1]! + s[i * 3 + 2]!) * logitToOpacity(cloud.logitOpacities[i]!);
  }
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => importance[b]! - importance[a]!);
  const out = new ArrayBuffer(n * 32);
  const f = new Float32Array(out);
  const u = new Uint8Array(out);
  for (let o = 0; o < n; o++) {
    const i = order[o]!;
    for (let a = 0; a < 3; a++) {
      f[o * 8 + a] = cloud.means[i * 3 + a]!;
      f[o * 8 + 3 + a] = Math.exp(cloud.logScales[i * 3 + a]!);
    }
    for (let c = 0; c < 3; c++) u[o * 32 + 24 + c] = toByte(shDcToColour(cloud.sh[i * k * 3 + c]!) * 255);
    u[o * 32 + 27] = toByte(logitToOpacity(cloud.logitOpacities[i]!) * 255);
    const q = cloud.rotations.subarray(i * 4, i * 4 + 4);
    const norm = Math.hypot(q[0]!, q[1]!, q[2]!, q[3]!) || 1;
    for (let a = 0; a < 4; a++) u[o * 32 + 28 + a] = toByte((q[a]! / norm) * 128 + 128);
  }
  return u;
}

const toByte = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
