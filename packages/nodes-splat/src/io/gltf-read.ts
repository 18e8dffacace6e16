import { WebIO, type Accessor, type Document, type mat4, type Primitive } from '@gltf-transform/core';
import type { GaussianCloud } from '@ffavatar/core';
import { opacityToLogit } from '@ffavatar/core/geometry';
import { SplatFormatError } from './format-error.js';
import {
  KHR_GAUSSIAN_SPLATTING,
  KHRGaussianSplatting,
  SPLAT_ATTR,
  type GaussianSplatting,
} from './khr-gaussian-splatting.js';

/**
 * Gaussians from a GLB with `KHR_gaussian_splatting` (ours or anyone's): every splat primitive of
 * the default scene (else of every scene) with its node's world transform applied, concatenated.
 * glTF-Transform parses the file; it refuses a required extension it does not know (e.g. an SPZ
 * compression we do not decode), which reaches the user as a bad-input error naming the file.
 * Limits, each refused by name: a kernel other than "ellipse", a colour space other than sRGB
 * display, a node transform that is not a rotation + uniform scale + translation, and a rotation
 * on a primitive with view-dependent colour (rotating SH bands is not implemented).
 */
export async function readGaussianGlb(bytes: Uint8Array, source = 'glb'): Promise<GaussianCloud> {
  if (bytes.length >= 1 && bytes[0] === 0x7b)
    throw new SplatFormatError(source, 'a JSON .gltf: only binary glTF (.glb, one file) is read');
  let doc: Document;
  try {
    doc = await new WebIO().registerExtensions([KHRGaussianSplatting]).readBinary(bytes);
  } catch (err) {
    throw new SplatFormatError(source, `not a readable GLB: ${(err as Error).message}`, { cause: err });
  }
  const parts: Part[] = [];
  const root = doc.getRoot();
  const scenes = root.getDefaultScene() ? [root.getDefaultScene()!] : root.listScenes();
  for (const scene of scenes)
    scene.traverse((node) => {
      for (const prim of node.getMesh()?.listPrimitives() ?? []) {
        const ext = prim.getExtension<GaussianSplatting>(KHR_GAUSSIAN_SPLATTING);
        if (ext) parts.push(readPart(prim, ext, node.getWorldMatrix(), source, parts.length));
      }
    });
  if (!parts.length)
    throw new SplatFormatError(source, `no mesh primitive with ${KHR_GAUSSIAN_SPLATTING} in the scene`);
  return concatenate(parts);
}

/** One splat primitive, in world space. */
type Part = GaussianCloud;

/** glTF's primitive mode for points. */
const POINTS = 0;

function readPart(prim: Primitive, ext: GaussianSplatting, world: mat4, source: string, index: number): Part {
  const where = `splat primitive ${index}`;
  const fail = (message: string) => new SplatFormatError(source, `${where}: ${message}`);
  if (ext.getKernel() !== 'ellipse') throw fail(`kernel "${ext.getKernel()}" (only "ellipse" is read)`);
  if (ext.getColorSpace() !== 'srgb_rec709_display')
    throw fail(`colorSpace "${ext.getColorSpace()}" (only "srgb_rec709_display" is read)`);
  if (prim.getMode() !== POINTS) throw fail(`mode ${prim.getMode()}, expected POINTS (0)`);
  const position = prim.getAttribute('POSITION');
  if (!position) throw fail('no POSITION attribute');
  const n = position.getCount();
  const attr = (semantic: string, type: 'SCALAR' | 'VEC3' | 'VEC4'): Float32Array => {
    const acc = prim.getAttribute(semantic);
    if (!acc) throw fail(`no ${semantic} attribute (required by the ellipse kernel)`);
    if (acc.getType() !== type) throw fail(`${semantic} is ${acc.getType()}, expected ${type}`);
    if (acc.getCount() !== n) throw fail(`${semantic} has ${acc.getCount()} elements, POSITION ${n}`);
    return floats(acc);
  };
  const means = attr('POSITION', 'VEC3');
  const quat = attr(SPLAT_ATTR.rotation, 'VEC4');
  const scale = attr(SPLAT_ATTR.scale, 'VEC3');
  const opacity = attr(SPLAT_ATTR.opacity, 'SCALAR');

  // The highest degree whose bands, and all below, are complete; a partial band is invalid.
  let shDegree = -1;
  for (let d = 0; d <= 3; d++) {
    const present = Array.from({ length: 2 * d + 1 }, (_, c) => !!prim.getAttribute(SPLAT_ATTR.sh(d, c)));
    if (present.every(Boolean) && shDegree === d - 1) shDegree = d;
    else if (present.some(Boolean))
      throw fail(`SH degree ${d} is partial or follows a missing degree (the spec needs whole bands from 0)`);
  }
  if (shDegree < 0) throw fail(`no ${SPLAT_ATTR.sh(0, 0)} attribute (required)`);
  const k = (shDegree + 1) ** 2;
  const sh = new Float32Array(n * k * 3);
  for (let j = 0; j < k; j++) {
    const d = Math.floor(Math.sqrt(j));
    const band = attr(SPLAT_ATTR.sh(d, j - d * d), 'VEC3');
    for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) sh[(i * k + j) * 3 + c] = band[i * 3 + c]!;
  }

  const rotations = new Float32Array(n * 4);
  const logScales = new Float32Array(n * 3);
  const logitOpacities = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    rotations[i * 4] = quat[i * 4 + 3]!;
    rotations[i * 4 + 1] = quat[i * 4]!;
    rotations[i * 4 + 2] = quat[i * 4 + 1]!;
    rotations[i * 4 + 3] = quat[i * 4 + 2]!;
    for (let a = 0; a < 3; a++) {
      const s = scale[i * 3 + a]!;
      if (!(s >= 0)) throw fail(`Gaussian ${i}: scale ${s} (must be >= 0)`);
      logScales[i * 3 + a] = Math.log(Math.max(s, 1e-30));
    }
    const o = opacity[i]!;
    if (!(o >= 0 && o <= 1)) throw fail(`Gaussian ${i}: opacity ${o} (must be in [0, 1])`);
    // A logit of exactly 0 or 1 is infinite; keep it finite and far past what blending resolves.
    logitOpacities[i] = opacityToLogit(Math.min(Math.max(o, 1e-7), 1 - 1e-7));
  }
  const part = { count: n, shDegree, means, rotations, logScales, logitOpacities, sh };
  applyWorld(part, world, fail);
  return part;
}

/** Float values of an accessor, normalised integers decoded (glTF-Transform's getElement does that). */
function floats(acc: Accessor): Float32Array {
  const array = acc.getArray();
  if (array instanceof Float32Array && !acc.getNormalized()) return array.slice();
  const size = acc.getElementSize();
  const out = new Float32Array(acc.getCount() * size);
  const el: number[] = [];
  for (let i = 0; i < acc.getCount(); i++) {
    acc.getElement(i, el);
    for (let c = 0; c < size; c++) out[i * size + c] = el[c]!;
  }
  return out;
}

/** Bakes a node's world transform (rotation, uniform scale, translation) into the Gaussians. */
function applyWorld(part: Part, m: mat4, fail: (message: string) => Error): void {
  const identity = m.every((v, i) => v === (i % 5 === 0 ? 1 : 0));
  if (identity) return;
  const col = (j: number) => [m[j * 4]!, m[j * 4 + 1]!, m[j * 4 + 2]!] as const;
  const s = [0, 1, 2].map((j) => Math.hypot(...col(j)));
  const scale = s[0]!;
  if (!(scale > 0) || s.some((v) => Math.abs(v - scale) > 1e-5 * scale))
    throw fail(`node scale (${s.map((v) => v.toPrecision(6)).join(', ')}) is not uniform and positive`);
  // Row-major rotation R = M3 / s.
  const r = [0, 1, 2].flatMap((row) => [0, 1, 2].map((c) => m[c * 4 + row]! / scale));
  const det =
    r[0]! * (r[4]! * r[8]! - r[5]! * r[7]!) -
    r[1]! * (r[3]! * r[8]! - r[5]! * r[6]!) +
    r[2]! * (r[3]! * r[7]! - r[4]! * r[6]!);
  if (Math.abs(det - 1) > 1e-4)
    throw fail('node transform mirrors or shears (determinant of its rotation != 1)');
  const rotates = r.some((v, i) => Math.abs(v - (i % 4 === 0 ? 1 : 0)) > 1e-7);
  if (rotates && part.shDegree > 0)
    throw fail('node rotation on Gaussians with SH degree > 0 (rotating SH bands is not implemented)');
  const [qw, qx, qy, qz] = quaternionOf(r);
  const { means, rotations, logScales } = part;
  for (let i = 0; i < part.count; i++) {
    const x = means[i * 3]!,
      y = means[i * 3 + 1]!,
      z = means[i * 3 + 2]!;
    for (let a = 0; a < 3; a++)
      means[i * 3 + a] = scale * (r[a * 3]! * x + r[a * 3 + 1]! * y + r[a * 3 + 2]! * z) + m[12 + a]!;
    for (let a = 0; a < 3; a++) logScales[i * 3 + a] = logScales[i * 3 + a]! + Math.log(scale);
    if (!rotates) continue;
    const w = rotations[i * 4]!,
      bx = rotations[i * 4 + 1]!,
      by = rotations[i * 4 + 2]!,
      bz = rotations[i * 4 + 3]!;
    rotations[i * 4] = qw * w - qx * bx - qy * by - qz * bz;
    rotations[i * 4 + 1] = qw * bx + qx * w + qy * bz - qz * by;
    rotations[i * 4 + 2] = qw * by - qx * bz + qy * w + qz * bx;
    rotations[i * 4 + 3] = qw * bz + qx * by - qy * bx + qz * w;
  }
}

/** wxyz of a proper rotation (row-major 3 x 3), Shepperd's method. */
function quaternionOf(r: number[]): [number, number, number, number] {
  const a = (i: number, j: number) => r[i * 3 + j]!;
  const t = a(0, 0) + a(1, 1) + a(2, 2);
  let w: number, x: number, y: number, z: number;
  if (t > 0) {
    const s = 0.5 / Math.sqrt(t + 1);
    [w, x, y, z] = [0.25 / s, (a(2, 1) - a(1, 2)) * s, (a(0, 2) - a(2, 0)) * s, (a(1, 0) - a(0, 1)) * s];
  } else if (a(0, 0) > a(1, 1) && a(0, 0) > a(2, 2)) {
    const s = 2 * Math.sqrt(1 + a(0, 0) - a(1, 1) - a(2, 2));
    [w, x, y, z] = [(a(2, 1) - a(1, 2)) / s, 0.25 * s, (a(0, 1) + a(1, 0)) / s, (a(0, 2) + a(2, 0)) / s];
  } else if (a(1, 1) > a(2, 2)) {
    const s = 2 * Math.sqrt(1 + a(1, 1) - a(0, 0) - a(2, 2));
    [w, x, y, z] = [(a(0, 2) - a(2, 0)) / s, (a(0, 1) + a(1, 0)) / s, 0.25 * s, (a(1, 2) + a(2, 1)) / s];
  } else {
    const s = 2 * Math.sqrt(1 + a(2, 2) - a(0, 0) - a(1, 1));
    [w, x, y, z] = [(a(1, 0) - a(0, 1)) / s, (a(0, 2) + a(2, 0)) / s, (a(1, 2) + a(2, 1)) / s, 0.25 * s];
  }
  return [w, x, y, z];
}

/** One cloud; parts with fewer SH bands get zeros for the missing ones (no view dependence). */
function concatenate(parts: Part[]): GaussianCloud {
  if (parts.length === 1) return parts[0]!;
  const count = parts.reduce((s, p) => s + p.count, 0);
  const shDegree = Math.max(...parts.map((p) => p.shDegree));
  const k = (shDegree + 1) ** 2;
  const out: GaussianCloud = {
    count,
    shDegree,
    means: new Float32Array(count * 3),
    rotations: new Float32Array(count * 4),
    logScales: new Float32Array(count * 3),
    logitOpacities: new Float32Array(count),
    sh: new Float32Array(count * k * 3),
  };
  let at = 0;
  for (const p of parts) {
    out.means.set(p.means, at * 3);
    out.rotations.set(p.rotations, at * 4);
    out.logScales.set(p.logScales, at * 3);
    out.logitOpacities.set(p.logitOpacities, at);
    const kp = (p.shDegree + 1) ** 2;
    for (let i = 0; i < p.count; i++)
      out.sh.set(p.sh.subarray(i * kp * 3, (i + 1) * kp * 3), (at + i) * k * 3);
    at += p.count;
  }
  return out;
}
