import { describe, expect, it } from 'vitest';
import { drawLine, fillDisc, strokeRect } from './raster.js';

const blank = (w: number, h: number) => ({ width: w, height: h, data: new Uint8Array(w * h * 4) });
const lit = (img: { width: number; data: Uint8Array }) => {
  const out: string[] = [];
  for (let i = 0; i < img.data.length / 4; i++)
    if (img.data[i * 4 + 3]) out.push(`${i % img.width},${Math.floor(i / img.width)}`);
  return out;
};

describe('raster', () => {
  it('draws a small disc on the pixel that contains the point (pixel centres at +0.5)', () => {
    const img = blank(4, 4);
    fillDisc(img, 2.5, 1.5, 0.5, [255, 0, 0]);
    expect(lit(img)).toEqual(['2,1']);
    expect(Array.from(img.data.subarray((1 * 4 + 2) * 4, (1 * 4 + 2) * 4 + 4))).toEqual([255, 0, 0, 255]);
  });

  it('clips at the edges instead of wrapping or throwing', () => {
    const img = blank(3, 3);
    fillDisc(img, -0.5, 0.5, 1.2, [1, 2, 3]);
    strokeRect(img, -5, -5, 100, 100, 1, [1, 2, 3]);
    drawLine(img, -10, 1.5, 10, 1.5, [1, 2, 3]);
    expect(lit(img)).toEqual(['0,0', '0,1', '1,1', '2,1']);
  });

  it('strokes a rectangle inside its box, and a line through both ends', () => {
    const img = blank(5, 5);
    strokeRect(img, 1, 1, 3, 3, 1, [9, 9, 9]);
    expect(lit(img)).toEqual(['1,1', '2,1', '3,1', '1,2', '3,2', '1,3', '2,3', '3,3']);
    const line = blank(5, 5);
    drawLine(line, 0.5, 0.5, 4.5, 4.5, [9, 9, 9]);
    expect(lit(line)).toEqual(['0,0', '1,1', '2,2', '3,3', '4,4']);
  });
});
