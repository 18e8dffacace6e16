/**
 * PLY headers: the element/property layout of a file, parsed before any data is read, so every
 * later error can name a property and a byte offset.
 */
export type PlyScalar = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';
export type PlyFormat = 'ascii' | 'binary_little_endian' | 'binary_big_endian';

export interface PlyProperty {
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
  int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4, float64: 8,
};

const ALIASES: Record<string, PlyScalar> = {
  char: 'int8', uchar: 'uint8', short: 'int16', ushort: 'uint16', int: 'int32', uint: 'uint32',
  float: 'float32', double: 'float64', int8: 'int8', uint8: 'uint8', int16: 'int16', uint16: 'uint16',
  int32: 'int32', uint32: 'uint32', float32: 'float32', float64: 'float64',
};

export class PlyFormatError extends Error {
  override name = 'PlyFormatError';
  constructor(readonly source: string, message: string) { super(`${source}: ${message}`); }
}

/** Reads the header; headers are ASCII and end at the first `end_header` line. */
export function parsePlyHeader(bytes: Uint8Array, source: string): PlyHeader {
  const limit = Math.min(bytes.length, 1 << 20);
  let text = '';
  let end = -1;
  for (let i = 0; i < limit; i++) {
    text += String.fromCharCode(bytes[i]!);
    if (bytes[i] === 10 && text.endsWith('end_header\n')) { end = i + 1; break; }
    if (bytes[i] === 10 && text.endsWith('end_header\r\n')) { end = i + 1; break; }
  }
  if (!text.startsWith('ply')) throw new PlyFormatError(source, 'not a PLY file (it does not start with "ply")');
  if (end < 0) throw new PlyFormatError(source, 'no "end_header" line: truncated or not a PLY file');
  let format: PlyFormat | undefined;
  const elements: PlyElement[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const words = line.trim().split(/\s+/);
    const where = `header line ${i + 1}`;
    switch (words[0]) {
      case 'format':
        if (words[1] !== 'ascii' && words[1] !== 'binary_little_endian' && words[1] !== 'binary_big_endian') {
          throw new PlyFormatError(source, `${where}: unknown format "${words[1]}"`);
        }
        format = words[1];
        break;
      case 'element': {
        const count = Number(words[2]);
        if (!words[1] || !Number.isInteger(count) || count < 0) throw new PlyFormatError(source, `${where}: bad element line "${line}"`);
        elements.push({ name: words[1], count, properties: [] });
        break;
      }
      case 'property': {
        const element = elements.at(-1);
        if (!element) throw new PlyFormatError(source, `${where}: property before any element`);
        if (words[1] === 'list') {
          const countType = ALIASES[words[2] ?? ''];
          const type = ALIASES[words[3] ?? ''];
          if (!countType || !type || !words[4]) throw new PlyFormatError(source, `${where}: bad list property "${line}"`);
          element.properties.push({ name: words[4], type, countType });
        } else {
          const type = ALIASES[words[1] ?? ''];
          if (!type || !words[2]) throw new PlyFormatError(source, `${where}: unknown property type in "${line}"`);
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
