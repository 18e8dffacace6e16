// Pixel statistics of PNG screenshots, for assertions on what the editor draws.
import { decodeImage } from '@ffavatar/core/io';

/** Mean RGB of a rectangle of a PNG screenshot. */
export function meanColour(
  png: Buffer,
  box: { x: number; y: number; width: number; height: number },
): [number, number, number] {
  const img = decodeImage(new Uint8Array(png));
  const sum: [number, number, number] = [0, 0, 0];
  let n = 0;
  for (let y = Math.round(box.y); y < Math.round(box.y + box.height); y++) {
    for (let x = Math.round(box.x); x < Math.round(box.x + box.width); x++) {
      const i = (y * img.width + x) * 4;
      sum[0] += img.data[i]!;
      sum[1] += img.data[i + 1]!;
      sum[2] += img.data[i + 2]!;
      n++;
    }
  }
  return [sum[0] / n, sum[1] / n, sum[2] / n];
}

/** Mean absolute channel difference of two same-sized PNGs over a box given in fractions of the image. */
export function regionDiff(
  a: Buffer,
  b: Buffer,
  box: { x: number; y: number; width: number; height: number },
): number {
  const ia = decodeImage(new Uint8Array(a)),
    ib = decodeImage(new Uint8Array(b));
  let sum = 0,
    n = 0;
  for (let y = Math.round(box.y * ia.height); y < Math.round((box.y + box.height) * ia.height); y++) {
    for (let x = Math.round(box.x * ia.width); x < Math.round((box.x + box.width) * ia.width); x++) {
      const i = (y * ia.width + x) * 4;
      for (let k = 0; k < 3; k++) sum += Math.abs(ia.data[i + k]! - ib.data[i + k]!);
      n += 3;
    }
  }
  return sum / n;
}

/** Share of skin-like pixels (lit, red over blue, not the background) in the whole image and its middle. */
export function skinStats(png: Buffer): { skin: number; centreSkin: number } {
  const img = decodeImage(new Uint8Array(png));
  const isSkin = (i: number) => {
    const r = img.data[i]!,
      g = img.data[i + 1]!,
      b = img.data[i + 2]!;
    return r > 90 && r > b + 15 && r >= g && g > b - 10;
  };
  let skin = 0,
    centre = 0,
    centreN = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const s = isSkin((y * img.width + x) * 4);
      if (s) skin++;
      if (Math.abs(x - img.width / 2) < img.width * 0.1 && Math.abs(y - img.height / 2) < img.height * 0.1) {
        centreN++;
        if (s) centre++;
      }
    }
  }
  return { skin: skin / (img.width * img.height), centreSkin: centre / centreN };
}

export function hexRgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}
