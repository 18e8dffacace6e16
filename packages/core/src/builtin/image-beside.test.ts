import { describe, expect, it } from 'vitest';
import { imageBeside } from './image-beside.js';

const solid = (width: number, height: number, v: number) => ({
  width,
  height,
  format: 'rgba8' as const,
  data: new Uint8Array(width * height * 4).fill(v),
});
const ctx = {} as never;

describe('image.beside', () => {
  it("puts the right image beside the left one, scaled to the left one's height", async () => {
    const { image } = await imageBeside.run({
      inputs: { left: solid(4, 2, 10), right: solid(8, 4, 200) },
      params: {},
      ctx,
    });
    expect([image.width, image.height]).toEqual([8, 2]);
    const px = (x: number, y: number) => image.data[(y * 8 + x) * 4];
    expect([px(0, 0), px(3, 1), px(4, 0), px(7, 1)]).toEqual([10, 10, 200, 200]);
  });
});
