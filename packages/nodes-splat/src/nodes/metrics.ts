import { z } from 'zod';
import { defineNode, Image, input, Metrics, output, type Image as ImageValue } from '@ffavatar/core';
import { psnr, ssim, type RgbImage } from '@ffavatar/core/optim';

function toFloat(img: ImageValue): RgbImage {
  const data =
    img.format === 'rgba32f'
      ? (img.data as Float32Array)
      : Float32Array.from(img.data as Uint8Array, (v) => v / 255);
  return { width: img.width, height: img.height, data, channels: 4 };
}

export const imageMetrics = defineNode({
  type: 'splat.metrics',
  version: 1,
  title: 'Image metrics',
  category: 'Metrics',
  description:
    'PSNR and SSIM (11x11 Gaussian window, sigma 1.5) of a render against a target, optionally inside a mask.',
  inputs: {
    image: input(Image),
    target: input(Image),
    mask: input(Image, {
      optional: true,
      description: 'weight per pixel from its alpha channel (or red, with maskChannel)',
    }),
  },
  params: z.object({ maskChannel: z.enum(['alpha', 'red']).default('alpha') }),
  outputs: { metrics: output(Metrics) },
  run({ inputs, params }) {
    const a = toFloat(inputs.image),
      b = toFloat(inputs.target);
    let mask: Float32Array | undefined;
    if (inputs.mask) {
      const m = toFloat(inputs.mask);
      if (m.width !== a.width || m.height !== a.height)
        throw new Error(`mask is ${m.width}x${m.height}, the images ${a.width}x${a.height}`);
      const c = params.maskChannel === 'alpha' ? 3 : 0;
      mask = Float32Array.from({ length: m.width * m.height }, (_, p) => m.data[p * 4 + c]!);
    }
    return { metrics: { psnr: psnr(a, b, mask), ssim: ssim(a, b, mask) } };
  },
});
