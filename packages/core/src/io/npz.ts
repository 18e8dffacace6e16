/**
 * NumPy `.npz` archives (a zip of `.npy` members), bytes in and bytes out.
 */

import { unzipSync, zipSync, type Zippable } from 'fflate';
import { NpyFormatError, readNpy, writeNpy, type NdArray } from './npy.js';

export class NpzFormatError extends Error {
  override readonly name = 'NpzFormatError';
  /** The engine's error code (ErrorCode): the file or input is unusable, a retry will not help. */
  readonly code = 'bad_input' as const;
  constructor(
    readonly source: string,
    readonly problem: string,
    /** The archive member (without `.npy`) the problem is about, if any. */
    readonly key?: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${problem}`, options);
  }
}

export interface ReadNpzOptions {
  /**
   * Only decompress and parse these keys (missing ones are an error). Large assets
   * often carry arrays a consumer never touches, and inflating them is the main cost.
   */
  keys?: readonly string[];
}

export interface WriteNpzOptions {
  /** Deflate members like `numpy.savez_compressed`; default false, like `numpy.savez`. */
  compress?: boolean;
}

const NPY_SUFFIX = '.npy';
/** The most output deflate can give per input byte (258-byte matches at 2 bits each). */
const MAX_DEFLATE_RATIO = 1032;

// Zip stores DOS timestamps, which start in 1980; a fixed stamp (the one numpy uses)
// keeps the archive bytes a pure function of the arrays, so content hashes are stable.
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/**
 * Reads every `.npy` member of an `.npz` archive, keyed by member name without the
 * `.npy` suffix (as `numpy.load(...).files` reports them). Members that are not `.npy`
 * files are ignored. Both stored and deflated members are supported.
 */
export function readNpz(
  bytes: Uint8Array,
  source = 'npz',
  opts: ReadNpzOptions = {},
): Record<string, NdArray> {
  const wanted = opts.keys ? new Set(opts.keys) : undefined;
  const members = unzip(bytes, source, (key) => wanted === undefined || wanted.has(key));
  for (const key of wanted ?? []) {
    if (!members.has(key)) {
      throw new NpzFormatError(
        source,
        `no array named '${key}' (have: ${readNpzKeys(bytes, source).join(', ')})`,
        key,
      );
    }
  }
  // fromEntries defines own properties, so a member named '__proto__.npy' cannot
  // rewire the result's prototype the way plain assignment would.
  return Object.fromEntries([...members].map(([key, member]) => [key, parseMember(member, key, source)]));
}

/** Lists the array keys of an archive without decompressing anything. */
export function readNpzKeys(bytes: Uint8Array, source = 'npz'): string[] {
  return listMembers(bytes, source).map((m) => m.key);
}

/**
 * Builds an `.npz` archive that `numpy.load` reads back with the same keys.
 * Output is deterministic: same arrays and options, same bytes.
 */
export function writeNpz(arrays: Record<string, NdArray>, opts: WriteNpzOptions = {}): Uint8Array {
  const level = opts.compress ? 6 : 0;
  const files: Zippable = {};
  for (const [key, arr] of Object.entries(arrays)) {
    if (key === '') throw new TypeError('writeNpz: array keys must not be empty');
    files[key + NPY_SUFFIX] = [writeNpy(arr, `array '${key}'`), { level, mtime: FIXED_MTIME }];
  }
  // Keys containing '/' become member paths verbatim (fflate only adds folder
  // entries for nested objects), matching what numpy.savez does with such keys.
  return zipSync(files);
}

function unzip(bytes: Uint8Array, source: string, want: (key: string) => boolean): Map<string, Uint8Array> {
  // Two passes so failures are attributed correctly: the first walks the central
  // directory without inflating anything (structural damage, e.g. truncation, shows up
  // here), the second only inflates, so an error there belongs to the member in flight.
  const listing = listMembers(bytes, source);
  const selected = new Set(listing.filter((m) => want(m.key)).map((m) => m.name));
  for (const m of listing) {
    if (selected.has(m.name) && m.compression !== 0 && m.compression !== 8) {
      throw new NpzFormatError(
        source,
        `array '${m.key}' uses zip compression method ${m.compression}; only stored (0) and deflate (8) are supported`,
        m.key,
      );
    }
  }
  if (selected.size === 0) return new Map();
  let current: string | undefined;
  try {
    const entries = unzipSync(bytes, {
      filter: (file) => {
        if (!selected.has(file.name)) return false;
        current = keyOf(file.name);
        return true;
      },
    });
    return new Map(Object.entries(entries).map(([name, data]) => [keyOf(name)!, data]));
  } catch (err) {
    throw new NpzFormatError(
      source,
      `cannot decompress array '${current}': ${(err as Error).message}`,
      current,
      {
        cause: err,
      },
    );
  }
}

interface MemberInfo {
  name: string;
  key: string;
  compression: number;
}

function listMembers(bytes: Uint8Array, source: string): MemberInfo[] {
  if (!looksLikeZip(bytes)) {
    const hex = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
    throw new NpzFormatError(
      source,
      bytes.length === 0
        ? 'not a zip archive (the file is empty)'
        : `not a zip archive (starts with 0x${hex})`,
    );
  }
  const members: MemberInfo[] = [];
  // A central directory entry is at least 46 bytes; a count beyond that is a damaged directory,
  // which fflate would otherwise walk entry by entry (up to 2^32 of them in a zip64 record).
  const maxEntries = Math.floor(bytes.length / 46);
  let entries = 0;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        if (++entries > maxEntries)
          throw new Error(`the directory lists more entries than ${bytes.length} bytes can hold`);
        const key = keyOf(file.name);
        if (key === undefined) return false;
        // fflate allocates the inflated size the directory claims before inflating; deflate
        // cannot expand more than 1032:1, so a larger claim is a damaged or hostile entry.
        if (file.compression === 8 && file.originalSize > file.size * MAX_DEFLATE_RATIO + 1024) {
          throw new NpzFormatError(
            source,
            `array '${key}': its zip entry claims ${file.originalSize} bytes inflated from ${file.size}, more than deflate can produce (corrupt archive)`,
            key,
          );
        }
        members.push({ name: file.name, key, compression: file.compression });
        return false;
      },
    });
  } catch (err) {
    if (err instanceof NpzFormatError) throw err;
    throw new NpzFormatError(
      source,
      `corrupt or truncated zip archive (${(err as Error).message})`,
      undefined,
      {
        cause: err,
      },
    );
  }
  return members;
}

function parseMember(member: Uint8Array, key: string, source: string): NdArray {
  try {
    return readNpy(member, `${source}[${key}]`);
  } catch (err) {
    if (!(err instanceof NpyFormatError)) throw err;
    throw new NpzFormatError(source, `array '${key}': ${err.problem}`, key, { cause: err });
  }
}

function keyOf(name: string): string | undefined {
  if (!name.endsWith(NPY_SUFFIX) || name.length === NPY_SUFFIX.length) return undefined;
  return name.slice(0, -NPY_SUFFIX.length);
}

function looksLikeZip(bytes: Uint8Array): boolean {
  // Local file header, or the end-of-central-directory record of an empty archive.
  return (
    bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && bytes[3] === bytes[2] + 1
  );
}
