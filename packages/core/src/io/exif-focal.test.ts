import { describe, expect, it } from 'vitest';
import { readJpegExifFocal } from './exif-focal.js';

/** A TIFF (little-endian) with IFD0 -> Exif IFD holding `entries` (tag, type, value; RATIONAL as [num, den]). */
function tiff(entries: [number, 3 | 5, number | [number, number]][]): Uint8Array {
  const buf = new Uint8Array(512);
  const v = new DataView(buf.buffer);
  buf.set([0x49, 0x49]);
  v.setUint16(2, 42, true);
  v.setUint32(4, 8, true);
  // IFD0 at 8: one entry, the Exif IFD pointer (LONG) to 26.
  v.setUint16(8, 1, true);
  v.setUint16(10, 0x8769, true);
  v.setUint16(12, 4, true);
  v.setUint32(14, 1, true);
  v.setUint32(18, 26, true);
  v.setUint16(26, entries.length, true);
  let data = 26 + 2 + entries.length * 12 + 4;
  entries.forEach(([tag, type, value], i) => {
    const e = 28 + i * 12;
    v.setUint16(e, tag, true);
    v.setUint16(e + 2, type, true);
    v.setUint32(e + 4, 1, true);
    if (type === 3) v.setUint16(e + 8, value as number, true);
    else {
      const [n, d] = value as [number, number];
      v.setUint32(e + 8, data, true);
      v.setUint32(data, n, true);
      v.setUint32(data + 4, d, true);
      data += 8;
    }
  });
  return buf.subarray(0, data);
}

/** SOI, APP1 "Exif\0\0" + tiff, then a scan marker (the reader stops there). */
function jpeg(t: Uint8Array): Uint8Array {
  const length = 2 + 6 + t.length;
  return new Uint8Array([
    0xff,
    0xd8,
    0xff,
    0xe1,
    length >> 8,
    length & 255,
    0x45,
    0x78,
    0x69,
    0x66,
    0,
    0,
    ...t,
    0xff,
    0xda,
    0,
    2,
  ]);
}

describe('readJpegExifFocal', () => {
  it('reads FocalLengthIn35mmFilm, and the true focal length beside it', () => {
    expect(
      readJpegExifFocal(
        jpeg(
          tiff([
            [0x920a, 5, [425, 100]],
            [0xa405, 3, 26],
          ]),
        ),
      ),
    ).toEqual({ focal35mm: 26, focalLength: 4.25, from: 'FocalLengthIn35mmFilm' });
  });

  it('converts FocalLength through the focal plane resolution when the 35 mm tag is missing', () => {
    // A 36 x 24 mm sensor: 6000 x 4000 px at 1000/6 px per mm (unit 4 = mm): 50 mm stays 50 mm.
    const f = readJpegExifFocal(
      jpeg(
        tiff([
          [0x920a, 5, [50, 1]],
          [0xa002, 3, 6000],
          [0xa003, 3, 4000],
          [0xa20e, 5, [1000, 6]],
          [0xa20f, 5, [1000, 6]],
          [0xa210, 3, 4],
        ]),
      ),
    );
    expect(f?.focal35mm).toBeCloseTo(50, 6);
    expect(f?.from).toBe('FocalLength and focal plane');
  });

  it('gives undefined for no EXIF, no focal tags, a PNG, and cut-off metadata', () => {
    expect(readJpegExifFocal(new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0, 2]))).toBeUndefined();
    expect(readJpegExifFocal(jpeg(tiff([[0x920a, 5, [425, 100]]])))).toBeUndefined();
    expect(readJpegExifFocal(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBeUndefined();
    const cut = jpeg(tiff([[0xa405, 5, [26, 1]]]));
    expect(readJpegExifFocal(cut.subarray(0, cut.length - 12))).toBeUndefined();
  });
});
