/**
 * The lens focal length a JPEG's EXIF records, as a 35 mm-equivalent: what a face fit needs to
 * start from the right focal length instead of guessing (depth and focal trade off almost freely
 * in landmarks). Cameras write FocalLengthIn35mmFilm (0xA405) directly; where only the true
 * FocalLength (0x920A) is there, the sensor size from FocalPlaneX/YResolution and the pixel
 * dimensions converts it. Damaged or absent metadata gives undefined, never an error: the photo
 * itself is fine.
 */

const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0"
const EXIF_IFD_POINTER = 0x8769;
const FOCAL_LENGTH = 0x920a;
const FOCAL_35MM = 0xa405;
const PIXEL_X = 0xa002;
const PIXEL_Y = 0xa003;
const PLANE_X_RES = 0xa20e;
const PLANE_Y_RES = 0xa20f;
const PLANE_UNIT = 0xa210;
/** Diagonal of the 36 x 24 mm frame: 35 mm equivalence is on the diagonal. */
const FRAME_DIAGONAL_MM = Math.hypot(36, 24);

export interface ExifFocal {
  /** 35 mm-equivalent focal length, millimetres. */
  focal35mm: number;
  /** The lens's true focal length, millimetres, when recorded. */
  focalLength?: number;
  /** Where focal35mm came from. */
  from: 'FocalLengthIn35mmFilm' | 'FocalLength and focal plane';
}

/** The EXIF focal length of a JPEG file's bytes, or undefined. */
export function readJpegExifFocal(bytes: Uint8Array): ExifFocal | undefined {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let pos = 2;
  while (pos + 4 <= bytes.length && bytes[pos] === 0xff) {
    const marker = bytes[pos + 1]!;
    if (marker === 0xff) {
      pos++;
      continue;
    }
    pos += 2;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue;
    if (marker === 0xd9 || marker === 0xda) return undefined;
    const length = (bytes[pos]! << 8) | bytes[pos + 1]!;
    if (length < 2) return undefined;
    const body = bytes.subarray(pos + 2, Math.min(bytes.length, pos + length));
    if (marker === 0xe1 && EXIF_HEADER.every((b, i) => body[i] === b))
      return readTiffFocal(body.subarray(EXIF_HEADER.length));
    pos += length;
  }
  return undefined;
}

/** The focal length in a TIFF structure (a JPEG's APP1 after `Exif\0\0`, a PNG's eXIf chunk). */
export function readTiffFocal(tiff: Uint8Array): ExifFocal | undefined {
  if (tiff.length < 8) return undefined;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return undefined;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  if (view.getUint16(2, little) !== 42) return undefined;
  const ifd0 = readIfd(view, view.getUint32(4, little), little);
  const exifAt = ifd0.get(EXIF_IFD_POINTER);
  if (exifAt === undefined) return undefined;
  const exif = readIfd(view, exifAt, little);
  const focalLength = exif.get(FOCAL_LENGTH);
  const f35 = exif.get(FOCAL_35MM);
  if (f35 !== undefined && f35 > 0)
    return { focal35mm: f35, ...(focalLength ? { focalLength } : {}), from: 'FocalLengthIn35mmFilm' };
  // Sensor size = pixel dimensions / focal-plane resolution (pixels per unit).
  const unitMm = ({ 2: 25.4, 3: 10, 4: 1 } as Record<number, number>)[exif.get(PLANE_UNIT) ?? 2];
  const px = exif.get(PIXEL_X),
    py = exif.get(PIXEL_Y),
    rx = exif.get(PLANE_X_RES),
    ry = exif.get(PLANE_Y_RES) ?? rx;
  if (!focalLength || !unitMm || !px || !py || !rx || !ry) return undefined;
  const diagonal = Math.hypot((px / rx) * unitMm, (py / ry) * unitMm);
  if (!(diagonal > 1 && diagonal < 100)) return undefined; // not a plausible sensor: bad metadata
  return {
    focal35mm: (focalLength * FRAME_DIAGONAL_MM) / diagonal,
    focalLength,
    from: 'FocalLength and focal plane',
  };
}

/** An IFD's numeric entries (SHORT, LONG, RATIONAL; first value), by tag. Out-of-range pieces are skipped. */
function readIfd(view: DataView, at: number, little: boolean): Map<number, number> {
  const out = new Map<number, number>();
  if (at + 2 > view.byteLength) return out;
  const count = view.getUint16(at, little);
  for (let i = 0; i < count; i++) {
    const e = at + 2 + i * 12;
    if (e + 12 > view.byteLength) break;
    const tag = view.getUint16(e, little),
      type = view.getUint16(e + 2, little);
    if (type === 3) out.set(tag, view.getUint16(e + 8, little));
    else if (type === 4) out.set(tag, view.getUint32(e + 8, little));
    else if (type === 5) {
      // RATIONAL: 8 bytes, stored at an offset from the TIFF start.
      const off = view.getUint32(e + 8, little);
      if (off + 8 > view.byteLength) continue;
      const den = view.getUint32(off + 4, little);
      if (den > 0) out.set(tag, view.getUint32(off, little) / den);
    }
  }
  return out;
}
