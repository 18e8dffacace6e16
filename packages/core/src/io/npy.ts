/**
 * NumPy `.npy` reader/writer working on bytes only (no fs), so the same code runs in
 * the browser editor, in workers and in the headless runner.
 *
 * Format reference: numpy/lib/format.py (NEP 1). Only plain numeric, bool and
 * fixed-width unicode arrays are supported; object arrays would require unpickling.
 */

export type NpyDtype =
  'f16' | 'f32' | 'f64' | 'i8' | 'i16' | 'i32' | 'i64' | 'u8' | 'u16' | 'u32' | 'u64' | 'bool' | 'str';

export type NpyNumericData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array;

export type NpyData = NpyNumericData | string[];

/**
 * An n-dimensional array in C (row-major) order.
 * - `f16` data is the raw half-float bits (`Uint16Array`); see float16.ts to convert.
 * - `bool` data is a `Uint8Array` of 0/1.
 * - `str` data holds one JS string per element (numpy `<U<n>`, trailing NULs stripped).
 * - A 0-d array has `shape: []` and exactly one element.
 */
export interface NdArray {
  dtype: NpyDtype;
  shape: number[];
  data: NpyData;
}

export class NpyFormatError extends Error {
  override readonly name = 'NpyFormatError';
  /** The engine's error code (ErrorCode): the file or input is unusable, a retry will not help. */
  readonly code = 'bad_input' as const;
  constructor(
    readonly source: string,
    readonly problem: string,
  ) {
    super(`${source}: ${problem}`);
  }
}

type NumericDtype = Exclude<NpyDtype, 'str'>;

interface TypedArrayCtor {
  new (length: number): NpyNumericData;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): NpyNumericData;
  readonly BYTES_PER_ELEMENT: number;
}

const CTORS: Record<NumericDtype, TypedArrayCtor> = {
  f16: Uint16Array,
  f32: Float32Array,
  f64: Float64Array,
  i8: Int8Array,
  i16: Int16Array,
  i32: Int32Array,
  i64: BigInt64Array,
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
  u64: BigUint64Array,
  bool: Uint8Array,
};

/** numpy type code (kind + item size) for each dtype; byte order is added separately. */
const CODES: Record<NumericDtype, string> = {
  f16: 'f2',
  f32: 'f4',
  f64: 'f8',
  i8: 'i1',
  i16: 'i2',
  i32: 'i4',
  i64: 'i8',
  u8: 'u1',
  u16: 'u2',
  u32: 'u4',
  u64: 'u8',
  bool: 'b1',
};

const DTYPE_BY_CODE = new Map<string, NumericDtype>(
  Object.entries(CODES).map(([dtype, code]) => [code, dtype as NumericDtype]),
);

// Typed arrays use the host byte order. Every engine we target is little-endian, but
// checking once keeps the byte-swapping logic honest instead of assuming.
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const ARRAY_ALIGN = 64;
// numpy pads the header so that the first axis can later grow to this many digits in place.
const GROWTH_AXIS_MAX_DIGITS = 21;

// ---------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------

interface ParsedType {
  dtype: NpyDtype;
  itemSize: number;
  /** Byte order of multi-byte items in the file; irrelevant (true) for 1-byte items. */
  littleEndian: boolean;
}

interface ParsedHeader {
  type: ParsedType;
  fortranOrder: boolean;
  shape: number[];
  dataOffset: number;
}

/**
 * Parses an `.npy` file. `source` names the file in error messages.
 *
 * When the payload is little-endian, C-ordered and suitably aligned inside
 * `bytes.buffer`, the returned `data` is a zero-copy view of `bytes` (so it keeps that
 * buffer alive and shares mutations with it); otherwise it is a fresh copy.
 */
export function readNpy(bytes: Uint8Array, source = 'npy'): NdArray {
  const header = readHeader(bytes, source);
  const { type, shape } = header;
  const count = elementCount(shape, source);
  const byteLength = count * type.itemSize;
  if (!Number.isSafeInteger(byteLength)) {
    throw new NpyFormatError(source, `array of shape ${shapeRepr(shape)} is too large`);
  }
  const available = bytes.length - header.dataOffset;
  if (available < byteLength) {
    throw new NpyFormatError(
      source,
      `truncated data (expected ${byteLength} bytes for shape ${shapeRepr(shape)} '${type.dtype}', got ${available})`,
    );
  }
  let raw = bytes.subarray(header.dataOffset, header.dataOffset + byteLength);
  if (header.fortranOrder && shape.length > 1) raw = fortranToCBytes(raw, shape, type.itemSize);
  const data =
    type.dtype === 'str'
      ? decodeUnicode(raw, count, type.itemSize / 4, type.littleEndian, source)
      : decodeNumeric(raw, type.dtype, count, type.littleEndian);
  return { dtype: type.dtype, shape, data };
}

function readHeader(bytes: Uint8Array, source: string): ParsedHeader {
  if (bytes.length < MAGIC.length || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new NpyFormatError(source, `bad magic: not an .npy file (starts with ${hexPrefix(bytes)})`);
  }
  if (bytes.length < 10) throw new NpyFormatError(source, 'truncated header');
  const major = bytes[6]!;
  const minor = bytes[7]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerStart: number;
  let headerLength: number;
  if (major === 1 && minor === 0) {
    headerStart = 10;
    headerLength = view.getUint16(8, true);
  } else if ((major === 2 || major === 3) && minor === 0) {
    if (bytes.length < 12) throw new NpyFormatError(source, 'truncated header');
    headerStart = 12;
    headerLength = view.getUint32(8, true);
  } else {
    throw new NpyFormatError(source, `unsupported .npy format version ${major}.${minor}`);
  }
  const dataOffset = headerStart + headerLength;
  if (dataOffset > bytes.length) {
    throw new NpyFormatError(
      source,
      `truncated header (expected ${headerLength} bytes, got ${bytes.length - headerStart})`,
    );
  }
  const headerBytes = bytes.subarray(headerStart, dataOffset);
  // Version 3.0 exists only to allow UTF-8 field names; 1.0 and 2.0 are latin-1.
  const text = major === 3 ? decodeUtf8(headerBytes, source) : decodeLatin1(headerBytes);
  return { ...parseHeaderDict(text, source), dataOffset };
}

function parseHeaderDict(text: string, source: string): Omit<ParsedHeader, 'dataOffset'> {
  let dict: PyValue;
  try {
    dict = parsePyLiteral(text);
  } catch (err) {
    throw new NpyFormatError(
      source,
      `cannot parse header ${JSON.stringify(text.trim())}: ${(err as Error).message}`,
    );
  }
  if (!(dict instanceof Map)) {
    throw new NpyFormatError(source, `header is not a dict: ${JSON.stringify(text.trim())}`);
  }
  const descr = dict.get('descr');
  const fortranOrder = dict.get('fortran_order');
  const shape = dict.get('shape');
  if (descr === undefined || fortranOrder === undefined || shape === undefined) {
    throw new NpyFormatError(
      source,
      `header lacks 'descr', 'fortran_order' or 'shape': ${JSON.stringify(text.trim())}`,
    );
  }
  if (typeof fortranOrder !== 'boolean') {
    throw new NpyFormatError(source, `header 'fortran_order' is not a bool: ${pyRepr(fortranOrder)}`);
  }
  if (
    !Array.isArray(shape) ||
    !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)
  ) {
    throw new NpyFormatError(
      source,
      `header 'shape' is not a tuple of non-negative integers: ${pyRepr(shape)}`,
    );
  }
  return { type: parseDescr(descr, source), fortranOrder, shape: shape as number[] };
}

function parseDescr(descr: PyValue, source: string): ParsedType {
  if (typeof descr !== 'string') {
    // A list descr is a structured (record) dtype.
    throw new NpyFormatError(
      source,
      `unsupported dtype ${pyRepr(descr)} (structured arrays are not supported)`,
    );
  }
  const m = /^([<>|=]?)([a-zA-Z])(\d*)$/.exec(descr);
  const order = m?.[1] ?? '';
  const kind = m?.[2] ?? '';
  const size = m?.[3] ?? '';
  if (kind === 'O') {
    throw new NpyFormatError(source, `object arrays (dtype '${descr}') are not supported: they need pickle`);
  }
  // '|' (not applicable) and '=' / '' (native) never need swapping; '>' is the only
  // non-native order numpy writes, since all the hosts we run on are little-endian.
  const littleEndian = order === '>' ? false : order === '<' ? true : HOST_LITTLE_ENDIAN;
  if (kind === 'U' && size !== '') {
    // numpy never writes '<U0' (a zero-width array becomes '<U1'); taking it would let a header
    // claim 10^15 empty strings in a file of 100 bytes.
    if (Number(size) === 0)
      throw new NpyFormatError(source, `unsupported dtype '${descr}' (zero-width strings)`);
    return { dtype: 'str', itemSize: 4 * Number(size), littleEndian };
  }
  const dtype = m ? DTYPE_BY_CODE.get(kind + size) : undefined;
  if (dtype === undefined) throw new NpyFormatError(source, `unsupported dtype '${descr}'`);
  return { dtype, itemSize: CTORS[dtype].BYTES_PER_ELEMENT, littleEndian };
}

function decodeNumeric(
  raw: Uint8Array,
  dtype: NumericDtype,
  count: number,
  littleEndian: boolean,
): NpyNumericData {
  const Ctor = CTORS[dtype];
  const itemSize = Ctor.BYTES_PER_ELEMENT;
  const needsSwap = itemSize > 1 && littleEndian !== HOST_LITTLE_ENDIAN;
  // Typed-array views must start at a multiple of the element size within the
  // ArrayBuffer; the npy header only guarantees 64-byte alignment relative to the
  // file start, and the file itself may sit at any offset (zip entry, Node Buffer pool).
  const aligned = raw.byteOffset % itemSize === 0;
  if (dtype === 'bool') return Uint8Array.from(raw, (b) => (b === 0 ? 0 : 1));
  if (!needsSwap && aligned) return new Ctor(raw.buffer, raw.byteOffset, count);
  // Not raw.slice(): on a Node Buffer that is a view, and the swap would then scribble
  // over the caller's bytes. The Uint8Array constructor always copies.
  const copy = new Uint8Array(raw);
  if (needsSwap) swapBytes(copy, itemSize);
  return new Ctor(copy.buffer, 0, count);
}

function decodeUnicode(
  raw: Uint8Array,
  count: number,
  chars: number,
  littleEndian: boolean,
  source: string,
): string[] {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Array<string>(count);
  const codePoints: number[] = [];
  for (let i = 0; i < count; i++) {
    const base = i * chars * 4;
    let end = chars;
    // numpy pads short strings with NULs and strips them on read; interior NULs stay.
    while (end > 0 && view.getUint32(base + (end - 1) * 4, littleEndian) === 0) end--;
    codePoints.length = 0;
    for (let c = 0; c < end; c++) {
      const cp = view.getUint32(base + c * 4, littleEndian);
      if (cp > 0x10ffff) {
        throw new NpyFormatError(
          source,
          `invalid UTF-32 code point 0x${cp.toString(16)} in string element ${i}`,
        );
      }
      codePoints.push(cp);
    }
    out[i] = codePointsToString(codePoints);
  }
  return out;
}

function codePointsToString(codePoints: number[]): string {
  // Spreading a huge array into fromCodePoint would overflow the argument stack.
  const CHUNK = 8192;
  if (codePoints.length <= CHUNK) return String.fromCodePoint(...codePoints);
  let s = '';
  for (let i = 0; i < codePoints.length; i += CHUNK) {
    s += String.fromCodePoint(...codePoints.slice(i, i + CHUNK));
  }
  return s;
}

/** Reverses the bytes of every `itemSize`-byte element in place. */
function swapBytes(bytes: Uint8Array, itemSize: number): void {
  for (let base = 0; base < bytes.length; base += itemSize) {
    for (let lo = base, hi = base + itemSize - 1; lo < hi; lo++, hi--) {
      const t = bytes[lo]!;
      bytes[lo] = bytes[hi]!;
      bytes[hi] = t;
    }
  }
}

/**
 * Reorders Fortran-ordered elements (first axis fastest) into C order. Done on bytes,
 * before decoding, so one routine serves every dtype including strings, and the
 * result is a fresh, aligned buffer.
 */
function fortranToCBytes(raw: Uint8Array, shape: number[], itemSize: number): Uint8Array {
  const ndim = shape.length;
  const count = raw.length / itemSize;
  const out = new Uint8Array(raw.length);
  if (count === 0) return out;
  // Source strides (in bytes) of a Fortran array: axis 0 is contiguous.
  const strides = new Array<number>(ndim);
  let stride = itemSize;
  for (let k = 0; k < ndim; k++) {
    strides[k] = stride;
    stride *= shape[k]!;
  }
  const index = new Array<number>(ndim).fill(0);
  let src = 0;
  for (let dst = 0; dst < out.length; dst += itemSize) {
    for (let b = 0; b < itemSize; b++) out[dst + b] = raw[src + b]!;
    // Odometer over the C-order index: last axis fastest.
    for (let k = ndim - 1; k >= 0; k--) {
      index[k]!++;
      src += strides[k]!;
      if (index[k]! < shape[k]!) break;
      src -= strides[k]! * shape[k]!;
      index[k] = 0;
    }
  }
  return out;
}

function elementCount(shape: readonly number[], source: string): number {
  let n = 1;
  for (const d of shape) n *= d;
  if (!Number.isSafeInteger(n)) {
    throw new NpyFormatError(source, `array of shape ${shapeRepr(shape)} is too large`);
  }
  return n;
}

function decodeLatin1(bytes: Uint8Array): string {
  // TextDecoder('latin1') is really windows-1252, which remaps 0x80-0x9f.
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

function decodeUtf8(bytes: Uint8Array, source: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new NpyFormatError(source, 'header is not valid UTF-8');
  }
}

function hexPrefix(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'nothing: the file is empty';
  const hex = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
  return `0x${hex}`;
}

// ---------------------------------------------------------------------------------------
// Minimal Python literal parser for the header dict
// ---------------------------------------------------------------------------------------

/** Python literal: dicts become Maps, tuples and lists become arrays, None becomes null. */
type PyValue = string | number | boolean | null | PyValue[] | Map<string, PyValue>;

/**
 * numpy writes the header with `repr()`, and it reads it back with `ast.literal_eval`,
 * so a real parser (not a regex) is needed to accept everything numpy accepts:
 * either quote style, Python 2 `3L` integers, arbitrary whitespace and trailing commas.
 */
function parsePyLiteral(text: string): PyValue {
  let pos = 0;
  const skipSpace = () => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };
  const fail = (what: string): never => {
    throw new Error(`${what} at offset ${pos}`);
  };
  const expect = (ch: string) => {
    skipSpace();
    if (text[pos] !== ch) fail(`expected '${ch}'`);
    pos++;
  };
  const parseSequence = (close: string, item: () => void) => {
    skipSpace();
    while (text[pos] !== close) {
      item();
      skipSpace();
      if (text[pos] === ',') pos++;
      else if (text[pos] !== close) fail(`expected ',' or '${close}'`);
      skipSpace();
    }
    pos++;
  };
  const parseString = (): string => {
    const quote = text[pos]!;
    pos++;
    let s = '';
    while (pos < text.length && text[pos] !== quote) {
      if (text[pos] === '\\') pos++;
      s += text[pos] ?? '';
      pos++;
    }
    if (pos >= text.length) fail('unterminated string');
    pos++;
    return s;
  };
  const parseValue = (): PyValue => {
    skipSpace();
    const ch = text[pos];
    if (ch === '{') {
      pos++;
      const map = new Map<string, PyValue>();
      parseSequence('}', () => {
        const key = parseValue();
        if (typeof key !== 'string') fail('dict key is not a string');
        expect(':');
        map.set(key as string, parseValue());
      });
      return map;
    }
    if (ch === '(' || ch === '[') {
      pos++;
      const items: PyValue[] = [];
      parseSequence(ch === '(' ? ')' : ']', () => items.push(parseValue()));
      return items;
    }
    if (ch === "'" || ch === '"') return parseString();
    const word = /^(?:[+-]?\d+L?|True|False|None)/.exec(text.slice(pos))?.[0];
    if (word === undefined) return fail('unexpected character');
    pos += word.length;
    if (word === 'True') return true;
    if (word === 'False') return false;
    if (word === 'None') return null;
    return Number(word.replace('L', ''));
  };
  const value = parseValue();
  skipSpace();
  if (pos !== text.length) fail('trailing characters');
  return value;
}

function pyRepr(value: PyValue): string {
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `'${k}': ${pyRepr(v)}`).join(', ')}}`;
  if (Array.isArray(value)) return `(${value.map(pyRepr).join(', ')})`;
  if (typeof value === 'string') return `'${value}'`;
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

// ---------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------

/**
 * Serializes an array the way `numpy.save` does: format 1.0 (2.0 when the header
 * needs more than 64 KiB), C order, little-endian, header padded with spaces to a
 * multiple of 64 bytes. `name` only labels error messages.
 */
export function writeNpy(arr: NdArray, name = 'array'): Uint8Array {
  const count = checkArray(arr, name);
  const { descr, itemSize } = describe(arr);
  const header = encodeHeader(descr, arr.shape);
  const out = new Uint8Array(header.length + count * itemSize);
  out.set(header);
  const body = out.subarray(header.length);
  if (arr.dtype === 'str') encodeUnicode(arr.data as string[], itemSize / 4, body);
  else encodeNumeric(arr.data as NpyNumericData, arr.dtype, body);
  return out;
}

function checkArray(arr: NdArray, name: string): number {
  const { dtype, shape, data } = arr;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new RangeError(`writeNpy: ${name} has an invalid shape ${JSON.stringify(shape)}`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (dtype === 'str') {
    if (!Array.isArray(data) || !data.every((s) => typeof s === 'string')) {
      throw new TypeError(`writeNpy: ${name} has dtype 'str' but its data is not an array of strings`);
    }
  } else {
    const Ctor = CTORS[dtype] as TypedArrayCtor | undefined;
    if (Ctor === undefined) throw new TypeError(`writeNpy: ${name} has unknown dtype '${String(dtype)}'`);
    // toStringTag rather than instanceof: arrays may come from another realm (worker, vm).
    const actual = ArrayBuffer.isView(data) ? (data as NpyNumericData)[Symbol.toStringTag] : typeof data;
    if (actual !== Ctor.name) {
      throw new TypeError(`writeNpy: ${name} has dtype '${dtype}' which needs a ${Ctor.name}, got ${actual}`);
    }
  }
  if (data.length !== count) {
    throw new RangeError(
      `writeNpy: ${name} has shape ${shapeRepr(shape)} (${count} elements) but ${data.length} data elements`,
    );
  }
  return count;
}

function describe(arr: NdArray): { descr: string; itemSize: number } {
  if (arr.dtype === 'str') {
    // numpy sizes `<U` to the longest string, and never below 1 (np.array(['']) is <U1).
    let width = 1;
    for (const s of arr.data as string[]) width = Math.max(width, codePointLength(s));
    return { descr: `<U${width}`, itemSize: 4 * width };
  }
  const itemSize = CTORS[arr.dtype].BYTES_PER_ELEMENT;
  return { descr: `${itemSize === 1 ? '|' : '<'}${CODES[arr.dtype]}`, itemSize };
}

function encodeHeader(descr: string, shape: readonly number[]): Uint8Array {
  // Byte-for-byte what numpy.lib.format._write_array_header produces, so files we
  // write hash identically to files written by Python tooling.
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeRepr(shape)}, }`;
  if (shape.length > 0) dict += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length));
  const textLength = dict.length + 1; // + '\n'
  let major = 1;
  let prefixLength = 10;
  let padding = ARRAY_ALIGN - ((prefixLength + textLength) % ARRAY_ALIGN);
  if (textLength + padding > 0xffff) {
    major = 2;
    prefixLength = 12;
    padding = ARRAY_ALIGN - ((prefixLength + textLength) % ARRAY_ALIGN);
  }
  const headerLength = textLength + padding;
  const out = new Uint8Array(prefixLength + headerLength);
  out.set(MAGIC);
  out[6] = major;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, headerLength, true);
  else view.setUint32(8, headerLength, true);
  for (let i = 0; i < dict.length; i++) out[prefixLength + i] = dict.charCodeAt(i);
  out.fill(0x20, prefixLength + dict.length, out.length - 1);
  out[out.length - 1] = 0x0a;
  return out;
}

function encodeNumeric(data: NpyNumericData, dtype: NumericDtype, body: Uint8Array): void {
  const src = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (dtype === 'bool') {
    for (let i = 0; i < src.length; i++) body[i] = src[i] === 0 ? 0 : 1;
    return;
  }
  body.set(src);
  if (!HOST_LITTLE_ENDIAN) swapBytes(body, data.BYTES_PER_ELEMENT);
}

function encodeUnicode(data: string[], width: number, body: Uint8Array): void {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let base = 0;
  for (const s of data) {
    let offset = base;
    for (const ch of s) {
      view.setUint32(offset, ch.codePointAt(0)!, true);
      offset += 4;
    }
    base += width * 4; // the rest stays zero: numpy's NUL padding
  }
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function shapeRepr(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}
