import type { GaussianCloud } from '@ffavatar/core';
import { colourToShDc, logitToOpacity, opacityToLogit, shDcToColour } from '@ffavatar/core/geometry';
import { SplatFormatError } from './format-error.js';

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

/**
 * A `.splat` file back as a cloud of SH degree 0. The format has no header: its only checks are
 * the length (a whole number of 32-byte records) and the values (finite positions, scales >= 0).
 * A rotation of four 128s (zero) reads as the identity; opacities 0 and 255 as finite logits.
 */
export function readSplat(bytes: Uint8Array, source = 'splat'): GaussianCloud {
  if (bytes.length === 0) throw new SplatFormatError(source, 'empty file: no Gaussians');
  if (bytes.length % 32 !== 0)
    throw new SplatFormatError(
      source,
      `${bytes.length} bytes is not a whole number of 32-byte .splat records (truncated or not a .splat file)`,
    );
  const n = bytes.length / 32;
  // Records may start at any offset of a shared buffer: copy once to read floats aligned.
  const u = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const f = new Float32Array(u.buffer, u.byteOffset, n * 8);
  const cloud: GaussianCloud = {
    count: n,
    shDegree: 0,
    means: new Float32Array(n * 3),
    logScales: new Float32Array(n * 3),
    rotations: new Float32Array(n * 4),
    logitOpacities: new Float32Array(n),
    sh: new Float32Array(n * 3),
  };
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < 3; a++) {
      const p = f[i * 8 + a]!;
      const s = f[i * 8 + 3 + a]!;
      if (!Number.isFinite(p) || !(s >= 0) || s === Infinity)
        throw new SplatFormatError(source, `record ${i}: position ${p} or scale ${s} is not finite / >= 0`);
      cloud.means[i * 3 + a] = p;
      cloud.logScales[i * 3 + a] = Math.log(Math.max(s, 1e-30));
      cloud.sh[i * 3 + a] = colourToShDc(u[i * 32 + 24 + a]! / 255);
    }
    cloud.logitOpacities[i] = opacityToLogit(
      Math.min(Math.max(u[i * 32 + 27]! / 255, 0.25 / 255), 254.75 / 255),
    );
    const q = [0, 1, 2, 3].map((a) => (u[i * 32 + 28 + a]! - 128) / 128);
    const len = Math.hypot(q[0]!, q[1]!, q[2]!, q[3]!);
    for (let a = 0; a < 4; a++) cloud.rotations[i * 4 + a] = len > 0 ? q[a]! / len : a === 0 ? 1 : 0;
  }
  return cloud;
}

const toByte = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
