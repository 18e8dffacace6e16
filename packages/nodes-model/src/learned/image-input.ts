import type { Image } from '@ffavatar/core';

const MEAN = [0.485, 0.456, 0.406] as const;
const STD = [0.229, 0.224, 0.225] as const;

/**
 * The encoder's input for one image: the centred square crop box-filtered to S x S, RGB in [0, 1]
 * (sRGB values, as DINO was trained on), ImageNet-normalised, CHW f32 (the contract's layout).
 */
export function encoderInput(image: Image, S: number): Float32Array {
  const side = Math.min(image.width, image.height);
  const x0 = (image.width - side) / 2,
    y0 = (image.height - side) / 2;
  const out = new Float32Array(3 * S * S);
  const scale = image.format === 'rgba8' ? 1 / 255 : 1;
  const step = side / S;
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      // Average every source pixel whose centre falls in the target texel (a box filter).
      const sx0 = Math.floor(x0 + x * step),
        sx1 = Math.max(sx0 + 1, Math.floor(x0 + (x + 1) * step));
      const sy0 = Math.floor(y0 + y * step),
        sy1 = Math.max(sy0 + 1, Math.floor(y0 + (y + 1) * step));
      const acc = [0, 0, 0];
      for (let sy = sy0; sy < sy1; sy++) {
        for (let sx = sx0; sx < sx1; sx++) {
          const o = (Math.min(sy, image.height - 1) * image.width + Math.min(sx, image.width - 1)) * 4;
          for (let c = 0; c < 3; c++) acc[c]! += image.data[o + c]! * scale;
        }
      }
      const n = (sx1 - sx0) * (sy1 - sy0);
      for (let c = 0; c < 3; c++) out[c * S * S + y * S + x] = (acc[c]! / n - MEAN[c]!) / STD[c]!;
    }
  }
  return out;
}
