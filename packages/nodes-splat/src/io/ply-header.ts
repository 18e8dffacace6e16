/**
 * PLY headers: the element/property layout of a file, parsed before any data is read, so every
 * later error can name a property and a byte offset.
 */
export type PlyScalar = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';
type PlyFormat = 'ascii' | 'binary_little_endian' | 'binary_big_endian';

interface PlyProperty {
  name: string;
  type: PlyScalar;
  /** Set for list properties (e.g. faces): the type of the count that precedes each list. */
  countType?: PlyScalar;
}

export interface PlyElement {
  name: string;
  count: number;
  properties: PlyProperty[];
}

export interface PlyHeader {
  format: PlyFormat;
  elements: PlyElement[];
  /** Byte offset where the data starts (just past `end_header\n`). */
  dataOffset: number;
}

export const PLY_SIZES: Record<PlyScalar, number> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  float32: 4,
  float64: 8,
};

const ALIASES: Record<string, PlyScalar> = {
  char: 'int8',
  uchar: 'uint8',
  short: 'int16',
  ushort: 'uint16',
  int: 'int32',
  uint: 'uint32',
  float: 'float32',
  double: 'float64',
  int8: 'int8',
  uint8: 'uint8',
  int16: 'int16',
  uint16: 'uint16',
  int32: 'int32',
  uint32: 'uint32',
  float32: 'float32',
  float64: 'float64',
};

export class PlyFormatError extends Error {
  override name = 'PlyFormatError';
  /** The engine's error code (ErrorCode): the file or input is unusable, a retry will not help. */
  readonly code = 'bad_input' as const;
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(`${source}: ${message}`);
  }
}

/**
 * Longest header read. A 3DGS header is about 1.5 KB (62 properties); 1 MiB leaves room for any
 * amount of comments and extra elements while keeping a file without a header from being read
 * line by line to its end.
 */
export const MAX_PLY_HEADER_BYTES = 1 << 20;

const END_HEADER = new TextEncoder().encode('end_header');

/** Reads the header; headers are ASCII lines and end at the first line that is `end_header`. */
export function parsePlyHeader(bytes: Uint8Array, source: string): PlyHeader {
  if (!startsWithPlyLine(bytes))
    throw new PlyFormatError(source, 'not a PLY file (it does not start with a "ply" line)');
  const end = findEndHeader(bytes, Math.min(bytes.length, MAX_PLY_HEADER_BYTES));
  if (end < 0) {
    // Only to word the error: a header that goes on past the limit is not a missing one.
    const later = findEndHeader(bytes, bytes.length);
    if (later >= 0) {
      throw new PlyFormatError(
        source,
        `the header is ${later} bytes long (its end_header line is there), over the 1 MiB (${MAX_PLY_HEADER_BYTES} bytes) limit for PLY headers`,
      );
    }
    throw new PlyFormatError(source, 'no "end_header" line: truncated or not a PLY file');
  }
  // latin1 rather than UTF-8: a stray byte in a comment must not shift anything.
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, end));
  let format: PlyFormat | undefined;
  const elements: PlyElement[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    const words = line.split(/\s+/);
    const where = `header line ${i + 1}`;
    switch (words[0]) {
      case 'format':
        if (words[1] !== 'ascii' && words[1] !== 'binary_little_endian' && words[1] !== 'binary_big_endian') {
          throw new PlyFormatError(source, `${where}: unknown format "${words[1]}"`);
        }
        format = words[1];
        break;
      case 'element': {
        const count = /^\d+$/.test(words[2] ?? '') ? Number(words[2]) : NaN;
        if (!words[1] || !Number.isSafeInteger(count))
          throw new PlyFormatError(source, `${where}: bad element line "${line}"`);
        elements.push({ name: words[1], count, properties: [] });
        break;
      }
      case 'property': {
        const element = elements.at(-1);
        if (!element) throw new PlyFormatError(source, `${where}: property before any element`);
        if (words[1] === 'list') {
          const countType = ALIASES[words[2] ?? ''];
          const type = ALIASES[words[3] ?? ''];
          if (!countType || !type || !words[4])
            throw new PlyFormatError(source, `${where}: bad list property "${line}"`);
          if (countType.startsWith('float'))
            throw new PlyFormatError(
              source,
              `${where}: a list count must be an integer type, not ${words[2]}`,
            );
          element.properties.push({ name: words[4], type, countType });
        } else {
          const type = ALIASES[words[1] ?? ''];
          if (!type || !words[2])
            throw new PlyFormatError(source, `${where}: unknown property type in "${line}"`);
          element.properties.push({ name: words[2], type });
        }
        break;
      }
      default:
        break; // ply, comment, obj_info, end_header
    }
  });
  if (!format) throw new PlyFormatError(source, 'the header has no "format" line');
  return { format, elements, dataOffset: end };
}

function startsWithPlyLine(bytes: Uint8Array): boolean {
  return (
    bytes[0] === 0x70 &&
    bytes[1] === 0x6c &&
    bytes[2] === 0x79 &&
    (bytes[3] === 10 || (bytes[3] === 13 && bytes[4] === 10))
  );
}

/**
 * The offset just past the first line before `to` that reads `end_header` (surrounding spaces
 * and a CR allowed), or -1. One pass: newlines are found by indexOf, each line compared in place.
 */
function findEndHeader(bytes: Uint8Array, to: number): number {
  for (let start = 0; start < to;) {
    const nl = bytes.indexOf(10, start);
    if (nl < 0 || nl >= to) return -1;
    if (isEndHeader(bytes, start, nl)) return nl + 1;
    start = nl + 1;
  }
  return -1;
}

function isEndHeader(bytes: Uint8Array, start: number, stop: number): boolean {
  const space = (b: number | undefined) => b === 32 || b === 9 || b === 13;
  while (start < stop && space(bytes[start])) start++;
  while (stop > start && space(bytes[stop - 1])) stop--;
  if (stop - start !== END_HEADER.length) return false;
  for (let i = 0; i < END_HEADER.length; i++) if (bytes[start + i] !== END_HEADER[i]) return false;
  return true;
}
