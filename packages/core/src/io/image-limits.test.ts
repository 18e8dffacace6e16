import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ImageDecodeError, MAX_IMAGE_PIXELS, decodeImage, encodeJpeg, encodePng } from './image-codec.js';
import {
  PNG_SIGNATURE,
  concatBytes,
  ihdr,
  pngChunk,
  withChunkAfterHeader,
} from './test-support/png-chunks.js';

function decodeError(bytes: Uint8Array, source: string, opts?: { maxPixels?: number }): Error {
  try {
    decodeImage(bytes, source, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(ImageDecodeError);
    expect((err as Error).message.startsWith(`${source}: `)).toBe(true);
    return err as Error;
  }
  throw new Error('expected a decode error');
}

const grey = (w: number, h: number) => ({ width: w, height: h, data: new Uint8Array(w * h * 4).fill(200) });

/** A PNG whose IDAT is `raw` compressed: raw need not match what the header promises. */
function pngWithData(width: number, height: number, raw: Uint8Array, extra: Uint8Array[] = []): Uint8Array {
  return concatBytes([
    PNG_SIGNATURE,
    ihdr(width, height),
    ...extra,
    pngChunk('IDAT', zlibSync(raw)),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

/** Overwrites a JPEG's baseline frame size. */
function resizedJpeg(width: number, height: number): Uint8Array {
  const jpg = encodeJpeg(grey(16, 16));
  const sof = jpg.findIndex((b, i) => b === 0xff && jpg[i + 1] === 0xc0);
  jpg.set([height >> 8, height & 0xff, width >> 8, width & 0xff], sof + 5);
  return jpg;
}

describe('image size limits, from the header', () => {
  it('refuses a PNG over the pixel limit before inflating anything, naming the limit', () => {
    const bytes = concatBytes([PNG_SIGNATURE, ihdr(12000, 12000), pngChunk('IEND', new Uint8Array(0))]);
    expect(decodeError(bytes, 'scan.png').message).toBe(
      'scan.png: PNG is 12000x12000 (144 megapixels), over the 100 megapixels limit; downscale it, or raise maxPixels if it fits in memory',
    );
    expect(MAX_IMAGE_PIXELS).toBe(100_000_000);
  });

  it('refuses a JPEG over the pixel limit, and honours maxPixels', () => {
    expect(decodeError(resizedJpeg(12000, 12000), 'big.jpg').message).toMatch(
      /JPEG is 12000x12000 \(144 megapixels\), over the 100 megapixels limit/,
    );
    expect(decodeError(encodePng(grey(64, 64)), 'small.png', { maxPixels: 1000 }).message).toMatch(
      /PNG is 64x64 \(4096 pixels\), over the 1000 pixels limit/,
    );
    expect(decodeImage(encodePng(grey(64, 64)), 'small.png', { maxPixels: 4096 }).width).toBe(64);
  });

  it('calls a JPEG too short for its frame truncated before the decoder allocates the frame', () => {
    // Only the header check, which runs before the decoder, words the error this way (the byte
    // count a frame needs): the message proves the path. A time bound proved it too, but failed on
    // loaded CI machines (945 ms against 200).
    expect(decodeError(resizedJpeg(8000, 8000), 'cut.jpg').message).toMatch(
      /^cut\.jpg: truncated JPEG \(a 8000x8000 image needs at least 125000 bytes, the file has \d+\)$/,
    );
  });

  it('stops image data that inflates past what the header needs (zlib bomb)', () => {
    const bomb = pngWithData(64, 64, new Uint8Array(8 << 20));
    expect(decodeError(bomb, 'bomb.png').message).toBe(
      'bomb.png: corrupt PNG (the image data inflates past the 4160 bytes a 64x64 image needs)',
    );
  });

  it('stops an iCCP colour profile that inflates past 16 MiB', () => {
    const profile = concatBytes([
      new TextEncoder().encode('icc'),
      new Uint8Array([0, 0]),
      zlibSync(new Uint8Array(17 << 20)),
    ]);
    const png = withChunkAfterHeader(encodePng(grey(4, 4)), pngChunk('iCCP', profile));
    expect(decodeError(png, 'icc.png').message).toBe(
      'icc.png: corrupt PNG (the iCCP colour profile inflates past 16 MiB)',
    );
  });

  it('refuses a second IHDR (fast-png would take its dimensions unchecked)', () => {
    const png = withChunkAfterHeader(encodePng(grey(4, 4)), ihdr(16000, 16000));
    expect(decodeError(png, 'two.png').message).toBe('two.png: corrupt PNG (a second IHDR header)');
  });

  it('says how much image data is missing', () => {
    const raw = new Uint8Array(10 * 11); // 10 rows of 1 filter byte + 10 grey samples...
    expect(decodeError(pngWithData(10, 20, raw), 'short.png').message).toBe(
      'short.png: corrupt PNG (the image data ends after 110 of the 220 bytes a 10x20 image needs)', // ...of 20
    );
    const noise = grey(32, 32);
    noise.data.forEach((_, i) => {
      noise.data[i] = (i * 7919) % 251;
    }); // incompressible enough to span the cut
    const png = encodePng(noise);
    expect(decodeError(png.subarray(0, 60), 'cut.png').message).toMatch(
      /^cut\.png: truncated PNG \(the image data stops after \d+ of the 4128 bytes a 32x32 image needs\)$/,
    );
  });
});
