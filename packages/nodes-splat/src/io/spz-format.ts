import { decompress as zstdDecompress } from 'fzstd';
import type { GaussianCloud } from '@ffavatar/core';
import { opacityToLogit } from '@ffavatar/core/geometry';
import { SplatFormatError } from './format-error.js';
import { gunzipWithin, gzip } from './gzip-stream.js';

/**
 * Niantic's SPZ (github.com/nianticlabs/spz, README "File Format"), the gzip container of
 * versions 2 and 3, which every SPZ reader opens (the reference library reads 1-4, Spark reads
 * it). After gunzip: a 16-byte header (magic "NGSP" as u32 0x5053474e, version, point count,
 * SH degree, fractional bits, flags, reserved), then each attribute for all points in turn:
 * positions as 24-bit fixed point, alphas u8 (sigmoid), colours u8 (0.5 + 0.15 * dc, times 255),
 * scales u8 ((log + 10) * 16), rotations (v3: the smallest three of xyzw in 10 bits each plus the
 * index of the largest; v2: xyz in 8 bits, w >= 0), SH bands 1+ as s8 / 128, RGB innermost.
 * Version 4 (read only) keeps that payload but splits it into one zstd stream per attribute
 * behind a plain 32-byte header and a table of contents (fzstd decodes them).
 * Axes: SPZ stores RUB (x right, y up, z back), which is our world (y up, face towards +z): no
 * conversion. Lossy by design: 8-bit colour, opacity and log-scale, 10-bit rotations.
 */

const MAGIC = 0x5053474e;
const HEADER_BYTES = 16;
const COLOUR_SCALE = 0.15;
const SQRT1_2 = Math.SQRT1_2;
const FLAG_EXTENSIONS = 0x2;
/** Longest run of extension records after the SH that a v3 file with flag 0x2 may carry. */
const MAX_EXTENSION_BYTES = 1 << 20;
/** As the reference reader: no real stream inflates by more than this. */
const MAX_RATIO = 1024;
/** SH coefficients per colour channel beyond DC, by degree (SPZ allows up to 4). */
const SH_DIM = [0, 3, 8, 15, 24];
const ZSTD_HEADER_BYTES = 32;

export async function writeSpz(cloud: GaussianCloud): Promise<Uint8Array> {
  const n = cloud.count;
  if (n === 0) throw new Error('writeSpz: the cloud has no Gaussians (SPZ readers refuse an empty file)');
  const k = (cloud.shDegree + 1) ** 2;
  const dim = k - 1;
  let maxAbs = 0;
  for (const v of cloud.means) maxAbs = Math.max(maxAbs, Math.abs(v));
  // As many fractional bits as the extent leaves room for in 24 bits (a head: 16, 15 um steps;
  // the reference writer's fixed 12 gives 0.24 mm); readers take the count from the header.
  const fractionalBits = Math.max(
    0,
    Math.min(16, Math.floor(Math.log2((2 ** 23 - 1) / Math.max(maxAbs, 1e-9)))),
  );
  if (maxAbs * 2 ** fractionalBits >= 2 ** 23)
    throw new Error(`writeSpz: a position ${maxAbs} m from the origin does not fit SPZ's 24-bit fixed point`);
  const out = new Uint8Array(HEADER_BYTES + n * (9 + 1 + 3 + 3 + 4 + dim * 3));
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, 3, true);
  view.setUint32(8, n, true);
  out[12] = cloud.shDegree;
  out[13] = fractionalBits;
  let at = HEADER_BYTES;
  const fixed = 2 ** fractionalBits;
  for (let i = 0; i < n * 3; i++) {
    const v = Math.round(cloud.means[i]! * fixed);
    out[at++] = v & 0xff;
    out[at++] = (v >> 8) & 0xff;
    out[at++] = (v >> 16) & 0xff;
  }
  for (let i = 0; i < n; i++) out[at++] = toByte((1 / (1 + Math.exp(-cloud.logitOpacities[i]!))) * 255);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < 3; c++) out[at++] = toByte(cloud.sh[i * k * 3 + c]! * COLOUR_SCALE * 255 + 127.5);
  for (let i = 0; i < n * 3; i++) out[at++] = toByte((cloud.logScales[i]! + 10) * 16);
  for (let i = 0; i < n; i++) {
    view.setUint32(at, packSmallestThree(cloud.rotations, i), true);
    at += 4;
  }
  for (let i = 0; i < n; i++)
    for (let j = 1; j < k; j++)
      for (let c = 0; c < 3; c++) out[at++] = toByte(Math.round(cloud.sh[(i * k + j) * 3 + c]! * 128) + 128);
  return gzip(out);
}

export async function readSpz(bytes: Uint8Array, source = 'spz'): Promise<GaussianCloud> {
  const fail = (message: string, cause?: unknown) =>
    new SplatFormatError(source, message, cause === undefined ? undefined : { cause });
  if (bytes.length >= 4 && new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true) === MAGIC)
    return decode(readZstdContainer(bytes, fail), layoutOfZstd(bytes, fail));
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b)
    throw fail('not an SPZ file (neither gzip nor the "NGSP" header)');
  let layout: Layout | undefined;
  let raw: Uint8Array;
  try {
    raw = await gunzipWithin(bytes, HEADER_BYTES, (head) => {
      layout = parseHeader(head, fail);
      const limit = layout.bytes + (layout.flags & FLAG_EXTENSIONS ? MAX_EXTENSION_BYTES : 0);
      if (layout.bytes > bytes.length * MAX_RATIO)
        throw fail(
          `header claims ${layout.count} points, more than ${bytes.length} compressed bytes can hold`,
        );
      return limit;
    });
  } catch (err) {
    if (err instanceof SplatFormatError) throw err;
    throw fail(`damaged or truncated gzip stream (${(err as Error).message})`, err);
  }
  if (!layout)
    throw fail(`truncated: ${raw.length} bytes after gunzip, shorter than the ${HEADER_BYTES}-byte header`);
  if (raw.length < layout.bytes)
    throw fail(
      `truncated: ${raw.length} bytes after gunzip, the header's ${layout.count} points need ${layout.bytes}`,
    );
  if (raw.length > layout.bytes && !(layout.flags & FLAG_EXTENSIONS))
    throw fail(`${raw.length - layout.bytes} bytes after the last point and no extension flag`);
  return decode(raw, layout);
}

interface Layout {
  version: number;
  count: number;
  shDegree: number;
  fractionalBits: number;
  flags: number;
  /** Header plus all points. */
  bytes: number;
}

function parseHeader(head: Uint8Array, fail: (m: string) => Error): Layout {
  const view = new DataView(head.buffer, head.byteOffset, HEADER_BYTES);
  if (view.getUint32(0, true) !== MAGIC) throw fail('gzip data without the SPZ "NGSP" header');
  const version = view.getUint32(4, true);
  if (version > 3)
    throw fail(
      `SPZ version ${version} in a gzip container is newer than any this reader knows (it reads 2 to 4)`,
    );
  if (version < 2)
    throw fail(`SPZ version ${version} (float16 positions, pre-release) is not read; versions 2 to 4 are`);
  const count = view.getUint32(8, true);
  if (count === 0) throw fail('header says 0 points');
  const shDegree = head[12]!;
  if (shDegree > 4) throw fail(`SH degree ${shDegree} (SPZ allows 0 to 4)`);
  const perPoint = 9 + 1 + 3 + 3 + (version >= 3 ? 4 : 3) + SH_DIM[shDegree]! * 3;
  return {
    version,
    count,
    shDegree,
    fractionalBits: head[13]!,
    flags: head[14]!,
    bytes: HEADER_BYTES + count * perPoint,
  };
}

/** The layout of a version 4 file, from its 32-byte header (the payload's header is rebuilt to match). */
function layoutOfZstd(bytes: Uint8Array, fail: (m: string) => Error): Layout {
  if (bytes.length < ZSTD_HEADER_BYTES)
    throw fail(`truncated: ${bytes.length} bytes, shorter than the 32-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version > 4) throw fail(`SPZ version ${version} is newer than any this reader knows (it reads 2 to 4)`);
  if (version < 4)
    throw fail(`SPZ version ${version} with a plain header (only version 4 has one; 2 and 3 are gzip)`);
  const head = new Uint8Array(HEADER_BYTES);
  head.set(bytes.subarray(0, 15));
  new DataView(head.buffer).setUint32(4, 3, true); // the payload is laid out as version 3's
  const layout = parseHeader(head, fail);
  if (layout.bytes > bytes.length * MAX_RATIO)
    throw fail(`header claims ${layout.count} points, more than ${bytes.length} compressed bytes can hold`);
  return { ...layout, flags: 0 };
}

/**
 * Version 4's streams (positions, alphas, colours, scales, rotations, SH when the degree is above
 * 0), each checked against the size the header implies before it is inflated, into one buffer
 * laid out as version 3's payload.
 */
function readZstdContainer(bytes: Uint8Array, fail: (m: string, cause?: unknown) => Error): Uint8Array {
  const layout = layoutOfZstd(bytes, fail);
  const n = layout.count;
  const sizes = [n * 9, n, n * 3, n * 3, n * 4, n * SH_DIM[layout.shDegree]! * 3].filter((b) => b > 0);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const streams = bytes[15]!;
  const toc = view.getUint32(16, true);
  if (streams !== sizes.length)
    throw fail(`${streams} streams, expected ${sizes.length} for SH degree ${layout.shDegree}`);
  if (toc < ZSTD_HEADER_BYTES || toc + streams * 16 > bytes.length)
    throw fail(`table of contents at ${toc} lies outside the ${bytes.length}-byte file`);
  const out = new Uint8Array(layout.bytes);
  out.set(bytes.subarray(0, 15));
  new DataView(out.buffer).setUint32(4, 3, true);
  let from = toc + streams * 16;
  let to = HEADER_BYTES;
  for (let i = 0; i < streams; i++) {
    const packed = Number(view.getBigUint64(toc + i * 16, true));
    const size = Number(view.getBigUint64(toc + i * 16 + 8, true));
    if (size !== sizes[i])
      throw fail(`stream ${i} holds ${size} bytes, the header's ${n} points need ${sizes[i]}`);
    if (packed > bytes.length - from) throw fail(`truncated: stream ${i} runs past the end of the file`);
    let got: Uint8Array;
    try {
      got = zstdDecompress(bytes.subarray(from, from + packed), new Uint8Array(size));
    } catch (err) {
      throw fail(`stream ${i}: damaged zstd data (${(err as Error).message})`, err);
    }
    if (got.length !== size) throw fail(`stream ${i} inflates to ${got.length} bytes, not ${size}`);
    out.set(got, to);
    from += packed;
    to += size;
  }
  if (from !== bytes.length) throw fail(`${bytes.length - from} bytes after the last stream`);
  return out;
}

/** Degree 4 (SPZ has room for it, our clouds stop at 3) is dropped: bands 0-3 render the same up to it. */
function decode(raw: Uint8Array, l: Layout): GaussianCloud {
  const n = l.count;
  const shDegree = Math.min(l.shDegree, 3);
  const k = (shDegree + 1) ** 2;
  const dimIn = SH_DIM[l.shDegree]!;
  const means = new Float32Array(n * 3);
  const logScales = new Float32Array(n * 3);
  const rotations = new Float32Array(n * 4);
  const logitOpacities = new Float32Array(n);
  const sh = new Float32Array(n * k * 3);
  let at = HEADER_BYTES;
  const unit = 2 ** -l.fractionalBits;
  for (let i = 0; i < n * 3; i++, at += 3)
    means[i] = (((raw[at]! | (raw[at + 1]! << 8) | (raw[at + 2]! << 16)) << 8) >> 8) * unit;
  // 0 and 255 would be infinite logits: keep them finite, beyond what 8 bits resolve.
  for (let i = 0; i < n; i++)
    logitOpacities[i] = opacityToLogit(Math.min(Math.max(raw[at++]! / 255, 0.25 / 255), 254.75 / 255));
  for (let i = 0; i < n; i++)
    for (let c = 0; c < 3; c++) sh[i * k * 3 + c] = (raw[at++]! / 255 - 0.5) / COLOUR_SCALE;
  for (let i = 0; i < n * 3; i++) logScales[i] = raw[at++]! / 16 - 10;
  const q = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    if (l.version >= 3) {
      unpackSmallestThree(raw[at]! | (raw[at + 1]! << 8) | (raw[at + 2]! << 16) | (raw[at + 3]! << 24), q);
      at += 4;
    } else {
      for (let a = 0; a < 3; a++) q[a] = raw[at++]! / 127.5 - 1;
      q[3] = Math.sqrt(Math.max(0, 1 - q[0]! ** 2 - q[1]! ** 2 - q[2]! ** 2));
    }
    rotations[i * 4] = q[3]!;
    rotations[i * 4 + 1] = q[0]!;
    rotations[i * 4 + 2] = q[1]!;
    rotations[i * 4 + 3] = q[2]!;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 1; j <= dimIn; j++)
      for (let c = 0; c < 3; c++) {
        const v = (raw[at++]! - 128) / 128;
        if (j < k) sh[(i * k + j) * 3 + c] = v;
      }
  }
  return { count: n, shDegree, means, logScales, rotations, logitOpacities, sh };
}

/** Our wxyz quaternion `i` as SPZ v3's 32 bits: index of the largest of xyzw, then 3 x (sign, 9-bit magnitude). */
function packSmallestThree(rot: Float32Array, i: number): number {
  const w = rot[i * 4]!,
    x = rot[i * 4 + 1]!,
    y = rot[i * 4 + 2]!,
    z = rot[i * 4 + 3]!;
  const len = Math.hypot(x, y, z, w);
  const q = len > 0 ? [x / len, y / len, z / len, w / len] : [0, 0, 0, 1];
  let largest = 0;
  for (let a = 1; a < 4; a++) if (Math.abs(q[a]!) > Math.abs(q[largest]!)) largest = a;
  const negate = q[largest]! < 0;
  let comp = largest;
  for (let a = 0; a < 4; a++) {
    if (a === largest) continue;
    const neg = q[a]! < 0 !== negate ? 1 : 0;
    const mag = Math.min(511, Math.floor((511 * Math.abs(q[a]!)) / SQRT1_2 + 0.5));
    comp = ((comp << 10) | (neg << 9) | mag) >>> 0;
  }
  return comp;
}

function unpackSmallestThree(bits: number, q: number[]): void {
  let comp = bits >>> 0;
  const largest = comp >>> 30;
  let sum = 0;
  for (let a = 3; a >= 0; a--) {
    if (a === largest) continue;
    const mag = comp & 511;
    const neg = (comp >>> 9) & 1;
    comp >>>= 10;
    const v = (SQRT1_2 * mag) / 511;
    q[a] = neg ? -v : v;
    sum += v * v;
  }
  q[largest] = Math.sqrt(Math.max(0, 1 - sum));
}

const toByte = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
