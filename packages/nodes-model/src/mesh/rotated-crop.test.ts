import { describe, expect, it } from 'vitest';
import { cropToImage, sampleSquare, type RotatedSquare } from './rotated-crop.js';

/** A 64x48 image whose red channel is x * 4 and green y * 5: each pixel says where it is. */
function coordinateImage() {
  const width = 64,
    height = 48,
    data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([x * 4, y * 5, 0, 255], (y * width + x) * 4);
  return { width, height, data };
}

describe('rotated square crops', () => {
  const image = coordinateImage();
  for (const roi of [
    { cx: 30, cy: 20, side: 16, angle: 0 },
    { cx: 32.5, cy: 24, side: 20, angle: 0.6 },
    { cx: 28, cy: 22, side: 18, angle: -1.1, mirror: true },
  ] satisfies RotatedSquare[]) {
    it(`samples where cropToImage maps back (angle ${roi.angle}${roi.mirror ? ', mirrored' : ''})`, () => {
      const size = 8;
      const crop = sampleSquare(image, roi, size);
      for (const [u, v] of [
        [0, 0],
        [3, 5],
        [7, 7],
      ] as const) {
        // The centre of crop pixel (u, v), mapped to the image, is the pixel whose colour it holds.
        const p = Float32Array.of(u + 0.5, v + 0.5);
        cropToImage(p, 1, 2, roi, size);
        expect(crop[(v * size + u) * 3]! * 255).toBeCloseTo((p[0]! - 0.5) * 4, 3);
        expect(crop[(v * size + u) * 3 + 1]! * 255).toBeCloseTo((p[1]! - 0.5) * 5, 3);
      }
    });
  }

  it('turns clockwise for a positive angle (image axes, y down) and scales z with x and y', () => {
    const p = Float32Array.of(8 + 4, 8, 2);
    cropToImage(p, 1, 3, { cx: 100, cy: 50, side: 32, angle: Math.PI / 2 }, 16);
    // 4 crop px right of centre = 8 image px; turned a quarter clockwise on screen: 8 px down.
    expect(p[0]).toBeCloseTo(100, 5);
    expect(p[1]).toBeCloseTo(58, 5);
    expect(p[2]).toBeCloseTo(4, 5);
  });

  it('is black outside the image, as MediaPipe pads', () => {
    const crop = sampleSquare(image, { cx: -50, cy: -50, side: 10, angle: 0 }, 4);
    expect(Math.max(...crop)).toBe(0);
  });
});
