/**
 * A walk over a JPEG's marker segments up to the first scan, before jpeg-js decodes it: the frame
 * size (so the pixel cap holds before anything is allocated) and the EXIF orientation.
 */

import { readTiffOrientation, type ExifOrientation } from './exif-orientation.js';
import { ImageDecodeError, checkImageSize } from './image-limits.js';

export interface JpegStructure {
  width: number;
  height: number;
  orientation: ExifOrientation;
}

const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0"

export function scanJpeg(bytes: Uint8Array, source: string, maxPixels: number): JpegStructure {
  let frame: { width: number; height: number; huffman: boolean } | undefined;
  let orientation: ExifOrientation = 1;
  let pos = 2;
  while (pos + 4 <= bytes.length) {
    if (bytes[pos] !== 0xff) break;
    const marker = bytes[pos + 1]!;
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    pos += 2;
    // Standalone markers carry no length field.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue;
    if (marker === 0xd9 || marker === 0xda) break; // EOI, or the first scan: the header is over
    const length = (bytes[pos]! << 8) | bytes[pos + 1]!;
    const body = bytes.subarray(pos + 2, Math.min(bytes.length, pos + length));
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame && frame === undefined && body.length >= 5) {
      // SOF9..SOF15 are arithmetic-coded, which can spend under a bit per block.
      frame = {
        height: (body[1]! << 8) | body[2]!,
        width: (body[3]! << 8) | body[4]!,
        huffman: marker < 0xc9,
      };
    } else if (marker === 0xe1 && orientation === 1 && EXIF_HEADER.every((b, i) => body[i] === b)) {
      orientation = readTiffOrientation(body.subarray(EXIF_HEADER.length));
    }
    if (length < 2) break; // a segment that does not advance: corrupt, jpeg-js reports it
    pos += length;
  }
  if (frame === undefined)
    throw new ImageDecodeError(source, 'truncated JPEG (no frame header before image data)');
  const { width, height } = frame;
  checkImageSize(width, height, 'JPEG', source, maxPixels);
  // Every 8x8 block of the first component costs at least one Huffman bit (its DC code), so a
  // file shorter than that is cut off: say so before the decoder allocates the whole frame.
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  if (frame.huffman && bytes.length * 8 < blocks) {
    throw new ImageDecodeError(
      source,
      `truncated JPEG (a ${width}x${height} image needs at least ${Math.ceil(blocks / 8)} bytes, the file has ${bytes.length})`,
    );
  }
  return { width, height, orientation };
}
