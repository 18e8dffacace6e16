import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zlibSync } from 'fflate';
import { encodeJpeg, encodePng, type Rgba8Image } from '@ffavatar/core/io';

/**
 * The soak's inputs: one folder per item, one photo each, good ones and bad ones mixed, each with
 * the outcome the batch must give it. Deterministic for a seed, so a failing soak can be rerun.
 */

export interface SoakItem {
  id: string;
  kind: string;
  /** Set for bad items: what the item's error must say (after `node "load": <path>: `). */
  error?: RegExp;
  /** Set for good items: the size of the saved render (EXIF-rotated ones come out upright). */
  size?: [number, number];
}

interface Kind {
  name: string;
  file: string;
  bytes(i: number): Uint8Array;
  error?: RegExp;
  size?: [number, number];
}

function flat(width: number, height: number, value: number): Rgba8Image {
  const data = new Uint8Array(width * height * 4).fill(value);
  for (let k = 3; k < data.length; k += 4) data[k] = 255;
  return { width, height, data };
}

/** A JPEG stored 16 wide and 8 high with EXIF orientation 6, as a phone held upright writes it. */
function sidewaysJpeg(value: number): Uint8Array {
  const plain = encodeJpeg(flat(16, 8, value));
  const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0];
  const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  return new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0, payload.length + 2, ...payload, ...plain.subarray(2)]);
}

function withSize(jpeg: Uint8Array, width: number, height: number): Uint8Array {
  const sof = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xc0);
  jpeg.set([height >> 8, height & 0xff, width >> 8, width & 0xff], sof + 5);
  return jpeg;
}

/** A PNG of a 64x64 RGBA image whose image data inflates to 8 MiB. */
function zlibBomb(): Uint8Array {
  const good = encodePng(flat(64, 64, 9));
  const view = new DataView(good.buffer, good.byteOffset);
  const idatAt = 8 + 25;
  const idatLength = view.getUint32(idatAt);
  const bomb = zlibSync(new Uint8Array(8 << 20));
  const chunk = new Uint8Array(12 + bomb.length);
  const cv = new DataView(chunk.buffer);
  cv.setUint32(0, bomb.length);
  chunk.set([0x49, 0x44, 0x41, 0x54], 4); // "IDAT"; CRC left 0: the size check comes first
  chunk.set(bomb, 8);
  return new Uint8Array([...good.subarray(0, idatAt), ...chunk, ...good.subarray(idatAt + 12 + idatLength)]);
}

const GOOD: Kind[] = [
  { name: 'png', file: 'face.png', bytes: (i) => encodePng(flat(8, 8, (i * 11) % 256)), size: [8, 8] },
  { name: 'jpeg', file: 'face.jpg', bytes: (i) => encodeJpeg(flat(16, 16, (i * 13) % 256)), size: [16, 16] },
  { name: 'jpeg-exif-6', file: 'face.jpg', bytes: (i) => sidewaysJpeg((i * 7) % 256), size: [8, 16] },
];

const BAD: Kind[] = [
  {
    name: 'text',
    file: 'face.png',
    bytes: () => new TextEncoder().encode('this is not an image'),
    error: /not a PNG or JPEG \(starts with 0x/,
  },
  {
    name: 'empty',
    file: 'face.jpg',
    bytes: () => new Uint8Array(0),
    error: /not a PNG or JPEG \(the file is empty\)/,
  },
  {
    name: 'truncated-png',
    file: 'face.png',
    bytes: (i) => encodePng(flat(32, 32, i % 256)).subarray(0, 40),
    error: /truncated PNG/,
  },
  {
    name: 'huge-jpeg',
    file: 'face.jpg',
    bytes: () => withSize(encodeJpeg(flat(16, 16, 3)), 12000, 12000),
    error: /JPEG is 12000x12000 .*over the 100 megapixels limit/,
  },
  {
    name: 'zlib-bomb',
    file: 'face.png',
    bytes: zlibBomb,
    error: /inflates past the 16448 bytes a 64x64 image needs/,
  },
];

/** `total` items under `dir`, about `badShare` of them bad, placed by a seeded shuffle. */
export function writeSoakItems(dir: string, total: number, badShare: number, seed: number): SoakItem[] {
  let s = seed >>> 0;
  const random = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const bad = new Set<number>();
  while (bad.size < Math.round(total * badShare)) bad.add(Math.floor(random() * total));
  const items: SoakItem[] = [];
  let goodCount = 0;
  let badCount = 0;
  for (let i = 0; i < total; i++) {
    const kind = bad.has(i) ? BAD[badCount++ % BAD.length]! : GOOD[goodCount++ % GOOD.length]!;
    const id = `i${String(i).padStart(3, '0')}-${kind.name}`;
    const folder = join(dir, id);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, kind.file), kind.bytes(i));
    items.push({
      id,
      kind: kind.name,
      ...(kind.error ? { error: kind.error } : {}),
      ...(kind.size ? { size: kind.size } : {}),
    });
  }
  return items;
}
