import { describe, expect, it } from 'vitest';
import { checkImageSize, detectionScale, downscaleRgba8, MAX_DETECT_SIDE } from './image-limits.js';

describe('image limits', () => {
  it('refuses images under 32 px on a side, naming the size', () => {
    expect(() => checkImageSize(31, 500)).toThrow(
      /^image is 31x500 px; face landmarks need at least 32 px on each side/,
    );
    expect(() => checkImageSize(32, 32)).not.toThrow();
  });

  it('downscales by the smallest integer factor that fits the longer side', () => {
    expect(detectionScale(MAX_DETECT_SIDE, 10)).toBe(1);
    expect(detectionScale(MAX_DETECT_SIDE + 1, 10)).toBe(2);
    expect(detectionScale(10, 6000)).toBe(3);
  });

  it('averages blocks, and edge blocks average only the pixels they have', () => {
    // 3x1 image, factor 2: [a b | c] -> [(a+b)/2, c].
    const img = {
      width: 3,
      height: 1,
      data: new Uint8Array([0, 10, 20, 255, 100, 30, 40, 255, 7, 8, 9, 255]),
    };
    const out = downscaleRgba8(img, 2);
    expect(out).toMatchObject({ width: 2, height: 1 });
    expect(Array.from(out.data)).toEqual([50, 20, 30, 255, 7, 8, 9, 255]);
    expect(downscaleRgba8(img, 1)).toBe(img);
  });
});
