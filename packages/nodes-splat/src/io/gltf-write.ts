import { Document, WebIO, type TypedArray } from '@gltf-transform/core';
import type { GaussianCloud } from '@ffavatar/core';
import { logitToOpacity, shDcToColour } from '@ffavatar/core/geometry';
import { KHRGaussianSplatting, SPLAT_ATTR } from './khr-gaussian-splatting.js';

/**
 * A cloud as a GLB with the ratified `KHR_gaussian_splatting` (ellipse kernel, sRGB display colour
 * space): one POINTS primitive on one node with no transform, so the file's space is ours (y up,
 * face towards +z, metres), which is glTF's. Attributes are float: POSITION, ROTATION xyzw (unit),
 * SCALE linear, OPACITY after the sigmoid, SH_DEGREE_l_COEF_n for every band we have (our SH order
 * within a band is m = -l..l, the extension's too), and COLOR_0 (linear RGB, opacity in alpha) for
 * viewers without the extension, which then show a point cloud. The extension is used, not
 * required: the spec builds that fallback in.
 */
export async function writeGaussianGlb(cloud: GaussianCloud, name = 'gaussians'): Promise<Uint8Array> {
  const n = cloud.count;
  if (n === 0)
    throw new Error('writeGaussianGlb: the cloud has no Gaussians (glTF accessors need at least one)');
  const k = (cloud.shDegree + 1) ** 2;
  const doc = new Document();
  doc.getRoot().getAsset().generator = 'FFAvatar Studio (KHR_gaussian_splatting)';
  const ext = doc.createExtension(KHRGaussianSplatting);
  const buffer = doc.createBuffer();
  const accessor = (array: TypedArray, type: 'SCALAR' | 'VEC3' | 'VEC4', normalized = false) =>
    doc.createAccessor().setType(type).setArray(array).setNormalized(normalized).setBuffer(buffer);

  const rotations = new Float32Array(n * 4);
  const scales = new Float32Array(n * 3);
  const opacities = new Float32Array(n);
  const colours = new Uint8Array(n * 4);
  const bands = Array.from({ length: k }, () => new Float32Array(n * 3));
  for (let i = 0; i < n; i++) {
    const q = cloud.rotations;
    const w = q[i * 4]!,
      x = q[i * 4 + 1]!,
      y = q[i * 4 + 2]!,
      z = q[i * 4 + 3]!;
    // The spec stores unit quaternions so renderers need not renormalise; ours may drift.
    const inv = 1 / (Math.hypot(w, x, y, z) || 1);
    rotations[i * 4] = x * inv;
    rotations[i * 4 + 1] = y * inv;
    rotations[i * 4 + 2] = z * inv;
    rotations[i * 4 + 3] = w * inv;
    for (let a = 0; a < 3; a++) scales[i * 3 + a] = Math.exp(cloud.logScales[i * 3 + a]!);
    const alpha = logitToOpacity(cloud.logitOpacities[i]!);
    opacities[i] = alpha;
    for (let j = 0; j < k; j++)
      for (let c = 0; c < 3; c++) bands[j]![i * 3 + c] = cloud.sh[(i * k + j) * 3 + c]!;
    for (let c = 0; c < 3; c++)
      colours[i * 4 + c] = toByte(srgbToLinear(clamp01(shDcToColour(cloud.sh[i * k * 3 + c]!))));
    colours[i * 4 + 3] = toByte(alpha);
  }

  const prim = doc
    .createPrimitive()
    .setMode(POINTS)
    .setAttribute('POSITION', accessor(cloud.means.slice(), 'VEC3'))
    .setAttribute('COLOR_0', accessor(colours, 'VEC4', true))
    .setAttribute(SPLAT_ATTR.rotation, accessor(rotations, 'VEC4'))
    .setAttribute(SPLAT_ATTR.scale, accessor(scales, 'VEC3'))
    .setAttribute(SPLAT_ATTR.opacity, accessor(opacities, 'SCALAR'));
  for (let j = 0; j < k; j++) {
    const degree = Math.floor(Math.sqrt(j));
    prim.setAttribute(SPLAT_ATTR.sh(degree, j - degree * degree), accessor(bands[j]!, 'VEC3'));
  }
  prim.setExtension(ext.extensionName, ext.createGaussianSplatting());
  const mesh = doc.createMesh(name).addPrimitive(prim);
  const scene = doc.createScene(name).addChild(doc.createNode(name).setMesh(mesh));
  doc.getRoot().setDefaultScene(scene);
  return new WebIO().registerExtensions([KHRGaussianSplatting]).writeBinary(doc);
}

/** glTF's primitive mode for points. */
const POINTS = 0;
const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
const toByte = (v: number) => Math.round(clamp01(v) * 255);

/** COLOR_0 is linear by glTF's rules; our colours are sRGB-encoded (the spec's fallback note). */
function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}
