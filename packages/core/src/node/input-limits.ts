import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { NodeError, ioCodeOf } from '../engine/errors/node-error.js';

/**
 * Every file this tool reads as input is checked here, once, before a byte is decoded: a device
 * (`/dev/zero`), FIFO or socket would be read forever, and a huge regular file would be held in
 * memory whole before any decoder could refuse it.
 */
export type InputKind = 'image' | 'ply' | 'onnx' | 'npz' | 'graph' | 'other';

const MiB = 2 ** 20;
const GiB = 2 ** 30;

/** Defaults; `FFAVATAR_MAX_<KIND>_BYTES` (or `ffavatar --max-bytes KIND=SIZE`) overrides each. */
export const DEFAULT_INPUT_LIMITS: Readonly<Record<InputKind, number>> = {
  // A 100-megapixel photo (the decoders' pixel cap) is well under this as PNG or JPEG.
  image: 256 * MiB,
  // Node cannot hold one buffer over 2 GiB; a PLY that large is 8M+ Gaussians.
  ply: 2 * GiB - 1,
  // protobuf's own 2 GiB ceiling; the model nodes' maxModelBytes is the tighter, per-node check.
  onnx: 2 * GiB - 1,
  npz: 1 * GiB,
  graph: 16 * MiB,
  other: 2 * GiB - 1,
};

export const INPUT_KINDS = Object.keys(DEFAULT_INPUT_LIMITS) as InputKind[];

const KIND_NAMES: Record<InputKind, string> = {
  image: 'an image',
  ply: 'a PLY file',
  onnx: 'an ONNX model',
  npz: 'an npz/npy file',
  graph: 'a graph file',
  other: 'an input file',
};

export function limitEnvName(kind: InputKind): string {
  return `FFAVATAR_MAX_${kind.toUpperCase()}_BYTES`;
}

/** `512`, `64K`, `200M`, `1.5G`, `2GiB`: powers of 1024, as limits are written in the README. */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)\s*$/i.exec(text);
  if (!m) return undefined;
  const scale = {
    '': 1,
    b: 1,
    k: 2 ** 10,
    kb: 2 ** 10,
    kib: 2 ** 10,
    m: MiB,
    mb: MiB,
    mib: MiB,
    g: GiB,
    gb: GiB,
    gib: GiB,
  }[m[2]!.toLowerCase()]!;
  const n = Math.floor(Number(m[1]) * scale);
  return n > 0 ? n : undefined;
}

/** The byte cap for a kind, from the environment when set. A malformed value is an error naming the variable. */
export function inputLimit(kind: InputKind): number {
  const name = limitEnvName(kind);
  const raw = process.env[name];
  if (raw === undefined || raw === '') return DEFAULT_INPUT_LIMITS[kind];
  const n = parseByteSize(raw);
  if (n === undefined) throw new NodeError('bad_input', `${name}=${raw}: expected a size such as 200M or 1G`);
  return n;
}

export function formatByteSize(n: number): string {
  if (n >= GiB && n % GiB === 0) return `${n / GiB} GiB`;
  if (n >= MiB) return `${Number.isInteger(n / MiB) ? n / MiB : (n / MiB).toFixed(1)} MiB`;
  if (n >= 1024) return `${Number.isInteger(n / 1024) ? n / 1024 : (n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

const EXTENSIONS: Record<string, InputKind> = {
  '.png': 'image',
  '.jpg': 'image',
  '.jpeg': 'image',
  '.ply': 'ply',
  '.splat': 'ply',
  '.onnx': 'onnx',
  '.safetensors': 'onnx',
  '.npz': 'npz',
  '.npy': 'npz',
};

/** The kind a path names by its extension; `other` when it names none. */
export function inputKindOfPath(path: string): InputKind {
  return EXTENSIONS[extname(path).toLowerCase()] ?? 'other';
}

/** The kind by magic bytes, for a file whose name says nothing (`photo` with no extension). */
function inputKindOfBytes(head: Uint8Array): InputKind {
  const starts = (...sig: number[]) => sig.every((b, i) => head[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47) || starts(0xff, 0xd8, 0xff)) return 'image';
  if (starts(0x70, 0x6c, 0x79, 0x0a) || starts(0x70, 0x6c, 0x79, 0x0d)) return 'ply';
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59)) return 'npz';
  return 'other';
}

/** What a non-regular file is, in words; undefined for a regular file or a folder. */
export function specialFileKind(s: Stats): string | undefined {
  if (s.isFile() || s.isDirectory()) return undefined;
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

function notRegular(abs: string, what: string): NodeError {
  return new NodeError(
    'bad_input',
    `cannot read ${abs}: it is ${what}; inputs are read from regular files only`,
  );
}

function tooLarge(abs: string, size: number | undefined, kind: InputKind, limit: number): NodeError {
  const is = size === undefined ? 'is larger than' : `is ${formatByteSize(size)}, over`;
  return new NodeError(
    'bad_input',
    `${abs} ${is} the ${formatByteSize(limit)} limit for ${KIND_NAMES[kind]}; raise it with ${limitEnvName(kind)} (or --max-bytes ${kind}=SIZE) if it is meant to be that large`,
  );
}

function readError(abs: string, err: unknown): NodeError {
  if (err instanceof NodeError) return err;
  const errno = (err as NodeJS.ErrnoException).code;
  return new NodeError(ioCodeOf(errno), `cannot read ${abs}: ${errno ?? (err as Error).message}`, {
    cause: err,
  });
}

/**
 * Checks a path before it is read or hashed, from its metadata alone: refuses devices, FIFOs and
 * sockets by name, and a regular file over the cap its extension implies. Folders pass (they are
 * listed, not read). Throws `bad_input`; a missing file throws the usual `io` error.
 */
export function checkInputFile(abs: string, kind: InputKind = inputKindOfPath(abs)): Stats {
  let s: Stats;
  try {
    s = statSync(abs);
  } catch (err) {
    throw readError(abs, err);
  }
  const special = specialFileKind(s);
  if (special) throw notRegular(abs, special);
  if (s.isFile()) {
    const limit = inputLimit(kind);
    if (s.size > limit) throw tooLarge(abs, s.size, kind, limit);
  }
  return s;
}

/**
 * Reads an input file whole, within its cap. The kind comes from `kind`, else the extension, else
 * the first bytes. Opened non-blocking and checked again on the open descriptor, so a path swapped
 * for a FIFO after the check cannot hang the read; a file that grows past the cap while being read
 * (or a /proc-style file that reports size 0) stops at the cap instead of filling memory.
 */
export async function readInputFile(abs: string, kind?: InputKind): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw readError(abs, err);
  }
  try {
    const s = await handle.stat();
    if (s.isDirectory()) throw new NodeError('bad_input', `cannot read ${abs}: it is a folder, not a file`);
    const special = specialFileKind(s);
    if (special) throw notRegular(abs, special);
    let known = kind ?? inputKindOfPath(abs);
    if (known === 'other' && kind === undefined && s.size > 0) {
      const head = new Uint8Array(8);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      known = inputKindOfBytes(head.subarray(0, bytesRead));
    }
    const limit = inputLimit(known);
    if (s.size > limit) throw tooLarge(abs, s.size, known, limit);
    // One byte beyond the cap tells "exactly at the cap" from "grew past it".
    let buf = new Uint8Array(Math.min(limit + 1, Math.max(s.size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buf.length) {
        if (length > limit) throw tooLarge(abs, undefined, known, limit);
        const bigger = new Uint8Array(Math.min(limit + 1, buf.length * 2));
        bigger.set(buf);
        buf = bigger;
      }
      const { bytesRead } = await handle.read(buf, length, buf.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > limit) throw tooLarge(abs, undefined, known, limit);
    return length === buf.length ? buf : buf.slice(0, length);
  } catch (err) {
    throw readError(abs, err);
  } finally {
    await handle.close();
  }
}

/** The synchronous twin of readInputFile, for the CLI's config files. */
export function readInputFileSync(abs: string, kind: InputKind): Uint8Array {
  let fd: number;
  try {
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw readError(abs, err);
  }
  try {
    const s = fstatSync(fd);
    if (s.isDirectory()) throw new NodeError('bad_input', `cannot read ${abs}: it is a folder, not a file`);
    const special = specialFileKind(s);
    if (special) throw notRegular(abs, special);
    const limit = inputLimit(kind);
    if (s.size > limit) throw tooLarge(abs, s.size, kind, limit);
    let buf = new Uint8Array(Math.min(limit + 1, Math.max(s.size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buf.length) {
        if (length > limit) throw tooLarge(abs, undefined, kind, limit);
        const bigger = new Uint8Array(Math.min(limit + 1, buf.length * 2));
        bigger.set(buf);
        buf = bigger;
      }
      const n = readSync(fd, buf, length, buf.length - length, length);
      if (n === 0) break;
      length += n;
    }
    if (length > limit) throw tooLarge(abs, undefined, kind, limit);
    return buf.slice(0, length);
  } catch (err) {
    throw readError(abs, err);
  } finally {
    closeSync(fd);
  }
}
