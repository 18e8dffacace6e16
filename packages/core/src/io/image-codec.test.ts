import { encode as encodeFastPng } from 'fast-png';
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  ImageDecodeError,
  MAX_IMAGE_SIDE,
  type Rgba8Image,
  decodeImage,
  encodeJpeg,
  encodePng,
  imageFormatOf,
} from './image-codec.js';

// --- A minimal PNG writer, so fixtures cover colour types our own encoder never emits. ---

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const COLOR_TYPE_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

interface PngSpec {
  width: number;
  height: number;
  colorType: 0 | 2 | 3 | 4 | 6;
  depth: 1 | 2 | 4 | 8 | 16;
  samples: number[]; // one entry per sample, row-major
  palette?: number[][]; // RGB triples
  trns?: number[]; // palette alphas, or the transparent grey / RGB key
  interlaced?: boolean;
}

function buildPng(spec: PngSpec): Uint8Array {
  const { width, height, colorType, depth, samples } = spec;
  const channels = COLOR_TYPE_CHANNELS[colorType]!;
  const rowBytes = Math.ceil((width * channels * depth) / 8);
  const raw = new Uint8Array(height * (rowBytes + 1)); // filter byte 0 (None) per row
  for (let y = 0; y < height; y++) {
    const row = y * (rowBytes + 1) + 1;
    for (let i = 0; i < width * channels; i++) {
      const v = samples[y * width * channels + i]!;
      if (depth === 16) {
        raw[row + 2 * i] = v >> 8;
        raw[row + 2 * i + 1] = v & 0xff;
      } else {
        const bit = i * depth;
        raw[row + (bit >> 3)]! |= v << (8 - depth - (bit & 7));
      }
    }
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([depth, colorType, 0, 0, spec.interlaced ? 1 : 0], 8);
  const parts = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  if (spec.palette) parts.push(chunk('PLTE', new Uint8Array(spec.palette.flat())));
  if (spec.trns) {
    const trns =
      colorType === 3
        ? new Uint8Array(spec.trns)
        : new Uint8Array(spec.trns.flatMap((v) => [v >> 8, v & 0xff])); // 16-bit keys
    parts.push(chunk('tRNS', trns));
  }
  parts.push(chunk('IDAT', zlibSync(raw)), chunk('IEND', new Uint8Array(0)));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

const pixels = (img: Rgba8Image) => Array.from(img.data);

function gradient(width: number, height: number): Rgba8Image {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      data.set([(x * 255) / (width - 1), (y * 255) / (height - 1), 128, 255 - x], o);
    }
  }
  return { width, height, data };
}

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('imageFormatOf', () => {
  it('detects by magic bytes', () => {
    expect(imageFormatOf(encodePng(gradient(2, 2)))).toBe('png');
    expect(imageFormatOf(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(imageFormatOf(new TextEncoder().encode('GIF89a'))).toBeNull();
    expect(imageFormatOf(new Uint8Array(0))).toBeNull();
  });
});

describe('PNG', () => {
  it('round-trips RGBA8 exactly', () => {
    const img = gradient(17, 5);
    const back = decodeImage(encodePng(img));
    expect({ width: back.width, height: back.height }).toEqual({ width: 17, height: 5 });
    expect(back.data).toEqual(img.data);
  });

  it('decodes from a pooled Node Buffer (non-zero byteOffset)', () => {
    const img = gradient(3, 2);
    const png = encodePng(img);
    const buf = Buffer.concat([Buffer.from([1, 2, 3]), Buffer.from(png)]).subarray(3);
    expect(buf.byteOffset).not.toBe(0);
    expect(decodeImage(buf).data).toEqual(img.data);
    const jpg = encodeJpeg(img);
    expect(decodeImage(Buffer.concat([Buffer.from([7]), Buffer.from(jpg)]).subarray(1)).width).toBe(3);
  });

  it('decodes 8-bit grey, grey+alpha and RGB', () => {
    const grey = decodeImage(buildPng({ width: 2, height: 1, colorType: 0, depth: 8, samples: [0, 200] }));
    expect(pixels(grey)).toEqual([0, 0, 0, 255, 200, 200, 200, 255]);
    const greyAlpha = decodeImage(
      buildPng({ width: 2, height: 1, colorType: 4, depth: 8, samples: [10, 20, 30, 40] }),
    );
    expect(pixels(greyAlpha)).toEqual([10, 10, 10, 20, 30, 30, 30, 40]);
    const rgb = decodeImage(
      buildPng({ width: 1, height: 2, colorType: 2, depth: 8, samples: [1, 2, 3, 4, 5, 6] }),
    );
    expect(pixels(rgb)).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
  });

  it('scales 16-bit samples to 8 bits with rounding', () => {
    const rgba16 = decodeImage(
      buildPng({ width: 1, height: 1, colorType: 6, depth: 16, samples: [0xffff, 0x8080, 0x0080, 0x7f7f] }),
    );
    expect(pixels(rgba16)).toEqual([255, 128, 0, 127]);
    const grey16 = decodeImage(
      buildPng({ width: 2, height: 1, colorType: 0, depth: 16, samples: [0x0101, 0xfeff] }),
    );
    expect(pixels(grey16)).toEqual([1, 1, 1, 255, 254, 254, 254, 255]);
  });

  it('expands 1, 2 and 4-bit grey, including rows that end mid-byte', () => {
    const one = decodeImage(
      buildPng({ width: 3, height: 2, colorType: 0, depth: 1, samples: [1, 0, 1, 0, 1, 0] }),
    );
    expect(pixels(one).filter((_, i) => i % 4 === 0)).toEqual([255, 0, 255, 0, 255, 0]);
    const two = decodeImage(
      buildPng({ width: 5, height: 1, colorType: 0, depth: 2, samples: [0, 1, 2, 3, 1] }),
    );
    expect(pixels(two).filter((_, i) => i % 4 === 0)).toEqual([0, 85, 170, 255, 85]);
    const four = decodeImage(buildPng({ width: 3, height: 1, colorType: 0, depth: 4, samples: [15, 1, 8] }));
    expect(pixels(four).filter((_, i) => i % 4 === 0)).toEqual([255, 17, 136]);
  });

  it('applies palettes at every bit depth, with tRNS alpha', () => {
    const palette = [
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
      [9, 9, 9],
    ];
    for (const depth of [2, 4, 8] as const) {
      const img = decodeImage(
        buildPng({
          width: 3,
          height: 2,
          colorType: 3,
          depth,
          samples: [0, 1, 2, 3, 2, 1],
          palette,
          trns: [0, 128],
        }),
      );
      expect(pixels(img), `depth ${depth}`).toEqual([
        255, 0, 0, 0, 0, 255, 0, 128, 0, 0, 255, 255, 9, 9, 9, 255, 0, 0, 255, 255, 0, 255, 0, 128,
      ]);
    }
    const mono = decodeImage(
      buildPng({
        width: 9,
        height: 1,
        colorType: 3,
        depth: 1,
        samples: [1, 0, 0, 0, 0, 0, 0, 0, 1],
        palette,
      }),
    );
    expect(pixels(mono).slice(0, 8)).toEqual([0, 255, 0, 255, 255, 0, 0, 255]);
    expect(pixels(mono).slice(32)).toEqual([0, 255, 0, 255]);
  });

  it('makes the tRNS colour key transparent for grey and RGB images', () => {
    const grey = decodeImage(
      buildPng({ width: 2, height: 1, colorType: 0, depth: 8, samples: [7, 8], trns: [7] }),
    );
    expect(pixels(grey)).toEqual([7, 7, 7, 0, 8, 8, 8, 255]);
    // 3 pixels, not 2: fast-png 8 wrongly rejects an RGB tRNS key (3 values) on images
    // with fewer than 3 pixels.
    const rgb16 = decodeImage(
      buildPng({
        width: 3,
        height: 1,
        colorType: 2,
        depth: 16,
        samples: [0x1000, 0x2000, 0x3000, 0x1000, 0x2000, 0x3001, 0, 0, 0],
        trns: [0x1000, 0x2000, 0x3000],
      }),
    );
    // The key matches 16-bit samples exactly even though both pixels scale to the same RGB8.
    expect(pixels(rgb16)).toEqual([16, 32, 48, 0, 16, 32, 48, 255, 0, 0, 0, 255]);
  });

  it('decodes Adam7-interlaced images', () => {
    const img = gradient(13, 11);
    const interlaced = encodeFastPng({ ...img, depth: 8, channels: 4 }, { interlace: 'Adam7' });
    expect(interlaced[28]).toBe(1); // IHDR interlace method
    expect(decodeImage(interlaced).data).toEqual(img.data);
  });

  it('refuses interlaced images below 8 bits instead of scrambling them', () => {
    const bytes = buildPng({
      width: 4,
      height: 4,
      colorType: 0,
      depth: 1,
      samples: new Array(16).fill(1),
      interlaced: true,
    });
    expect(catchError(() => decodeImage(bytes, 'mask.png')).message).toBe(
      'mask.png: unsupported PNG: interlaced with bit depth 1',
    );
  });
});

describe('JPEG', () => {
  it('round-trips within JPEG tolerance and drops alpha', () => {
    const img = gradient(40, 24);
    const jpg = encodeJpeg(img, 95);
    expect(imageFormatOf(jpg)).toBe('jpeg');
    expect(Object.getPrototypeOf(jpg)).toBe(Uint8Array.prototype);
    const back = decodeImage(jpg, 'photo.jpg');
    expect({ width: back.width, height: back.height }).toEqual({ width: 40, height: 24 });
    let error = 0;
    for (let i = 0; i < img.data.length; i++) {
      if (i % 4 === 3) expect(back.data[i]).toBe(255);
      else error += Math.abs(back.data[i]! - img.data[i]!);
    }
    expect(error / (40 * 24 * 3)).toBeLessThan(3);
  });

  it('lower quality gives smaller files', () => {
    const img = gradient(64, 64);
    expect(encodeJpeg(img, 20).length).toBeLessThan(encodeJpeg(img, 95).length);
  });

  it('encodes without a global Buffer (browser bundles)', () => {
    const g = globalThis as { Buffer?: unknown };
    const saved = g.Buffer;
    let jpg: Uint8Array;
    try {
      delete g.Buffer;
      jpg = encodeJpeg(gradient(8, 8));
      expect(g.Buffer).toBeUndefined();
    } finally {
      g.Buffer = saved;
    }
    expect(decodeImage(jpg).width).toBe(8);
  });
});

describe('decode errors', () => {
  const expectDecodeError = (bytes: Uint8Array, pattern: RegExp) => {
    const err = catchError(() => decodeImage(bytes, 'face.png'));
    expect(err).toBeInstanceOf(ImageDecodeError);
    expect(err.message).toMatch(/^face\.png: /);
    expect(err.message).toMatch(pattern);
  };

  it('names unknown formats by their first bytes', () => {
    expectDecodeError(
      new TextEncoder().encode('GIF89a...'),
      /not a PNG or JPEG \(starts with 0x4749463839612e2e\)/,
    );
    expectDecodeError(new Uint8Array(0), /not a PNG or JPEG \(the file is empty\)/);
  });

  it('reports truncated PNGs', () => {
    const png = encodePng(gradient(32, 32));
    for (const cut of [10, 30, 40, png.length >> 1, png.length - 13]) {
      expectDecodeError(png.subarray(0, cut), /truncated PNG/);
    }
  });

  it('reports corrupt PNG data', () => {
    const png = encodePng(gradient(32, 32));
    const bad = png.slice();
    bad.fill(0xaa, 50, 80); // inside the IDAT stream
    expectDecodeError(bad, /corrupt PNG/);
  });

  it('refuses huge PNG dimensions before decoding', () => {
    const bytes = buildPng({ width: MAX_IMAGE_SIDE + 1, height: 1, colorType: 0, depth: 8, samples: [] });
    expectDecodeError(bytes, /PNG is 16385x1, larger than the 16384 px per side limit/);
  });

  it('refuses huge JPEG dimensions before decoding', () => {
    const jpg = encodeJpeg(gradient(8, 8));
    // Find the baseline frame header (FFC0) and overwrite its height.
    const sof = jpg.findIndex((b, i) => b === 0xff && jpg[i + 1] === 0xc0);
    jpg[sof + 5] = 0xff;
    jpg[sof + 6] = 0xff;
    expectDecodeError(jpg, /JPEG is 8x65535, larger than the 16384 px per side limit/);
  });

  it('reports truncated JPEGs', () => {
    const jpg = encodeJpeg(gradient(32, 32));
    expectDecodeError(jpg.subarray(0, 20), /truncated JPEG/);
    expectDecodeError(jpg.subarray(0, jpg.length - 100), /corrupt or truncated JPEG/);
  });
});

describe('encoder input validation', () => {
  it('checks data length, dimensions and quality', () => {
    const img = gradient(4, 4);
    expect(() => encodePng({ ...img, data: img.data.subarray(4) })).toThrow(
      'encodePng: data has 60 bytes but a 4x4 RGBA image needs 64',
    );
    expect(() => encodePng({ ...img, width: 0 })).toThrow(
      /width and height must be positive integers, got 0x4/,
    );
    expect(() => encodePng({ ...img, width: 2.5 })).toThrow(/positive integers/);
    expect(() => encodePng({ width: 20000, height: 1, data: new Uint8Array(80000) })).toThrow(
      /16384 px per side/,
    );
    expect(() => encodeJpeg({ ...img, data: new Float32Array(64) as unknown as Uint8Array })).toThrow(
      /must be a Uint8Array of RGBA bytes, got Float32Array/,
    );
    expect(() => encodeJpeg(img, 0)).toThrow(/quality must be between 1 and 100, got 0/);
    expect(() => encodeJpeg(img, 101)).toThrow(/quality/);
  });
});
