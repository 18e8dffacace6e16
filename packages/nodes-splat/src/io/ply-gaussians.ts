import type { GaussianCloud } from '@ffavatar/core';
import {
  PLY_SIZES,
  PlyFormatError,
  parsePlyHeader,
  type PlyElement,
  type PlyHeader,
  type PlyScalar,
} from './ply-header.js';

/**
 * The standard 3DGS PLY (INRIA layout): x y z nx ny nz f_dc_0..2 f_rest_0..(3K-4) opacity
 * scale_0..2 rot_0..3, with f_rest channel-major (all R coefficients, then G, then B), opacity as a
 * logit, scales as logs, rotations wxyz. In memory SH is [N, K, 3] (coefficient-major, then RGB):
 * the reorder happens here and nowhere else. Unknown vertex properties survive as `extras`.
 */

const SH_REST_FOR_DEGREE = [0, 9, 24, 45];
const KNOWN = new Set([
  'x',
  'y',
  'z',
  'nx',
  'ny',
  'nz',
  'opacity',
  'scale_0',
  'scale_1',
  'scale_2',
  'rot_0',
  'rot_1',
  'rot_2',
  'rot_3',
  'f_dc_0',
  'f_dc_1',
  'f_dc_2',
]);

export function readGaussianPly(bytes: Uint8Array, source = 'ply'): GaussianCloud {
  const header = parsePlyHeader(bytes, source);
  const vertex = header.elements.find((e) => e.name === 'vertex');
  if (!vertex) throw new PlyFormatError(source, 'no "vertex" element: not a Gaussian splat PLY');
  const columns = readElementColumns(bytes, header, vertex, source);
  const n = vertex.count;
  const need = (name: string): Float32Array => {
    const c = columns.get(name);
    if (!c)
      throw new PlyFormatError(
        source,
        `missing vertex property "${name}" (a 3DGS PLY has x y z f_dc_0..2 opacity scale_0..2 rot_0..3)`,
      );
    return c;
  };
  const restNames = vertex.properties.map((p) => p.name).filter((p) => /^f_rest_\d+$/.test(p));
  const degree = SH_REST_FOR_DEGREE.indexOf(restNames.length);
  if (degree < 0)
    throw new PlyFormatError(
      source,
      `${restNames.length} f_rest properties: expected 0, 9, 24 or 45 (SH degree 0 to 3)`,
    );
  restNames.forEach((name, i) => {
    if (name !== `f_rest_${i}`)
      throw new PlyFormatError(
        source,
        `f_rest properties out of order: found "${name}" where "f_rest_${i}" belongs`,
      );
  });

  const means = interleave(n, [need('x'), need('y'), need('z')]);
  const logScales = interleave(n, [need('scale_0'), need('scale_1'), need('scale_2')]);
  const rotations = interleave(n, [need('rot_0'), need('rot_1'), need('rot_2'), need('rot_3')]);
  const logitOpacities = need('opacity').slice();
  const k = (degree + 1) ** 2;
  const sh = new Float32Array(n * k * 3);
  const dc = [need('f_dc_0'), need('f_dc_1'), need('f_dc_2')];
  const rest = restNames.map((name) => columns.get(name)!);
  for (let i = 0; i < n; i++) {
    const base = i * k * 3;
    for (let c = 0; c < 3; c++) {
      sh[base + c] = dc[c]![i]!;
      for (let j = 1; j < k; j++) sh[base + j * 3 + c] = rest[c * (k - 1) + (j - 1)]![i]!;
    }
  }
  const extras: Record<string, Float32Array> = {};
  for (const p of vertex.properties) {
    if (!KNOWN.has(p.name) && !/^f_rest_\d+$/.test(p.name) && !p.countType)
      extras[p.name] = columns.get(p.name)!;
  }
  return {
    count: n,
    shDegree: degree,
    means,
    logScales,
    rotations,
    logitOpacities,
    sh,
    ...(Object.keys(extras).length ? { extras } : {}),
  };
}

/** Writes binary little-endian PLY in the INRIA property order, extras after, all float32. */
export function writeGaussianPly(cloud: GaussianCloud): Uint8Array {
  const n = cloud.count;
  const k = (cloud.shDegree + 1) ** 2;
  const extras = Object.entries(cloud.extras ?? {});
  const names = ['x', 'y', 'z', 'nx', 'ny', 'nz', 'f_dc_0', 'f_dc_1', 'f_dc_2'];
  for (let i = 0; i < 3 * (k - 1); i++) names.push(`f_rest_${i}`);
  names.push(
    'opacity',
    'scale_0',
    'scale_1',
    'scale_2',
    'rot_0',
    'rot_1',
    'rot_2',
    'rot_3',
    ...extras.map(([name]) => name),
  );
  const header = `ply\nformat binary_little_endian 1.0\nelement vertex ${n}\n${names.map((p) => `property float ${p}\n`).join('')}end_header\n`;
  const headerBytes = new TextEncoder().encode(header);
  const stride = names.length;
  const out = new Uint8Array(headerBytes.length + n * stride * 4);
  out.set(headerBytes);
  // Rows start at headerBytes.length, which may be unaligned: write through a DataView-free path
  // by building the rows in an aligned Float32Array and copying its bytes.
  const rows = new Float32Array(n * stride);
  for (let i = 0; i < n; i++) {
    const r = i * stride;
    rows[r] = cloud.means[i * 3]!;
    rows[r + 1] = cloud.means[i * 3 + 1]!;
    rows[r + 2] = cloud.means[i * 3 + 2]!;
    // normals stay 0: viewers ignore them
    const shBase = i * k * 3;
    for (let c = 0; c < 3; c++) {
      rows[r + 6 + c] = cloud.sh[shBase + c]!;
      for (let j = 1; j < k; j++) rows[r + 9 + c * (k - 1) + (j - 1)] = cloud.sh[shBase + j * 3 + c]!;
    }
    let o = r + 9 + 3 * (k - 1);
    rows[o++] = cloud.logitOpacities[i]!;
    for (let a = 0; a < 3; a++) rows[o++] = cloud.logScales[i * 3 + a]!;
    for (let a = 0; a < 4; a++) rows[o++] = cloud.rotations[i * 4 + a]!;
    for (const [, values] of extras) rows[o++] = values[i]!;
  }
  out.set(new Uint8Array(rows.buffer), headerBytes.length);
  return out;
}

function interleave(n: number, columns: Float32Array[]): Float32Array {
  const w = columns.length;
  const out = new Float32Array(n * w);
  for (let c = 0; c < w; c++) {
    const col = columns[c]!;
    for (let i = 0; i < n; i++) out[i * w + c] = col[i]!;
  }
  return out;
}

/** Every scalar property of one element as a float32 column; other elements are skipped over. */
function readElementColumns(
  bytes: Uint8Array,
  header: PlyHeader,
  target: PlyElement,
  source: string,
): Map<string, Float32Array> {
  if (header.format === 'ascii') return readAsciiColumns(bytes, header, target, source);
  const little = header.format === 'binary_little_endian';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = header.dataOffset;
  for (const element of header.elements) {
    if (element === target) break;
    offset = skipElement(view, offset, element, little, source);
  }
  if (target.properties.some((p) => p.countType)) {
    throw new PlyFormatError(
      source,
      `the "${target.name}" element has a list property: not a Gaussian splat PLY`,
    );
  }
  const stride = target.properties.reduce((s, p) => s + PLY_SIZES[p.type], 0);
  const end = offset + stride * target.count;
  if (end > bytes.length) {
    const row = Math.floor((bytes.length - offset) / stride);
    throw new PlyFormatError(
      source,
      `truncated: ${target.count} vertices of ${stride} bytes need ${end} bytes, the file has ${bytes.length} (data stops in vertex ${row}, byte offset ${bytes.length})`,
    );
  }
  const columns = new Map<string, Float32Array>();
  if (little && target.properties.every((p) => p.type === 'float32')) {
    // The common case (every 3DGS trainer writes this): one aligned copy, then strided reads.
    const rows = new Float32Array(bytes.slice(offset, end).buffer);
    const width = target.properties.length;
    target.properties.forEach((p, c) => {
      const out = new Float32Array(target.count);
      for (let i = 0; i < target.count; i++) out[i] = rows[i * width + c]!;
      columns.set(p.name, out);
    });
    return columns;
  }
  let column = 0;
  for (const p of target.properties) {
    const out = new Float32Array(target.count);
    const read = reader(view, p.type, little);
    for (let i = 0, at = offset + column; i < target.count; i++, at += stride) out[i] = read(at);
    columns.set(p.name, out);
    column += PLY_SIZES[p.type];
  }
  return columns;
}

function reader(view: DataView, type: PlyScalar, little: boolean): (at: number) => number {
  switch (type) {
    case 'int8':
      return (at) => view.getInt8(at);
    case 'uint8':
      return (at) => view.getUint8(at);
    case 'int16':
      return (at) => view.getInt16(at, little);
    case 'uint16':
      return (at) => view.getUint16(at, little);
    case 'int32':
      return (at) => view.getInt32(at, little);
    case 'uint32':
      return (at) => view.getUint32(at, little);
    case 'float32':
      return (at) => view.getFloat32(at, little);
    case 'float64':
      return (at) => view.getFloat64(at, little);
  }
}

function skipElement(
  view: DataView,
  offset: number,
  element: PlyElement,
  little: boolean,
  source: string,
): number {
  const truncated = (at: number) =>
    new PlyFormatError(source, `truncated in element "${element.name}" at byte offset ${at}`);
  if (!element.properties.some((p) => p.countType)) {
    // Fixed-size rows: one multiplication, not a loop over a count the header may inflate.
    const end = offset + element.count * element.properties.reduce((s, p) => s + PLY_SIZES[p.type], 0);
    if (end > view.byteLength) throw truncated(view.byteLength);
    return end;
  }
  // Each row holds at least one list count, so the loop ends within the file's length.
  for (let i = 0; i < element.count; i++) {
    for (const p of element.properties) {
      if (p.countType) {
        if (offset + PLY_SIZES[p.countType] > view.byteLength) throw truncated(offset);
        const count = reader(view, p.countType, little)(offset);
        if (count < 0)
          throw new PlyFormatError(
            source,
            `element "${element.name}" row ${i}: list "${p.name}" has a negative length ${count} at byte offset ${offset}`,
          );
        offset += PLY_SIZES[p.countType] + count * PLY_SIZES[p.type];
      } else {
        offset += PLY_SIZES[p.type];
      }
      if (offset > view.byteLength) throw truncated(view.byteLength);
    }
  }
  return offset;
}

function readAsciiColumns(
  bytes: Uint8Array,
  header: PlyHeader,
  target: PlyElement,
  source: string,
): Map<string, Float32Array> {
  const lines = new TextDecoder().decode(bytes.subarray(header.dataOffset)).split(/\r?\n/);
  let line = 0;
  for (const element of header.elements) {
    if (element === target) break;
    line += element.count;
  }
  // One line per vertex: a count beyond the lines present is refused before columns are allocated.
  const present = Math.max(0, lines.length - line);
  if (present < target.count) {
    throw new PlyFormatError(
      source,
      `truncated: the header declares ${target.count} vertices, the file has at most ${present} data lines for them`,
    );
  }
  const columns = target.properties.map(() => new Float32Array(target.count));
  for (let i = 0; i < target.count; i++) {
    const text = lines[line + i];
    const words = text?.trim().split(/\s+/) ?? [];
    if (!text || words.length < target.properties.length) {
      throw new PlyFormatError(
        source,
        `truncated: vertex ${i} (data line ${line + i + 1}) has ${text ? words.length : 0} values, expected ${target.properties.length}`,
      );
    }
    for (let c = 0; c < columns.length; c++) {
      const v = Number(words[c]);
      if (Number.isNaN(v) && words[c] !== 'nan')
        throw new PlyFormatError(
          source,
          `vertex ${i}, property "${target.properties[c]!.name}": "${words[c]}" is not a number`,
        );
      columns[c]![i] = v;
    }
  }
  return new Map(target.properties.map((p, c) => [p.name, columns[c]!]));
}
