import { z } from 'zod';
import { defineNode, Image, imageToRgba8, input, output, PortError, throwIfAborted } from '@ffavatar/core';
import { checkImageSize } from '../landmarks/image-limits.js';
import type { SegmentationBackendLoader } from '../segmentation/segmentation-backend.js';

/**
 * `model.segmentPortrait`, over the host's tfjs runtime (as `model.faceLandmarks`): the person
 * against the background, per pixel. Its mask keeps the background out of fusion.
 */
export function createSegmentPortraitNode(loadBackend: SegmentationBackendLoader) {
  return defineNode({
    type: 'model.segmentPortrait',
    version: 1,
    title: 'Segment portrait',
    category: 'Tracking',
    description:
      'Separates the person (hair, face, neck, clothes) from the background with MediaPipe Selfie Segmentation (Apache-2.0) on tfjs-wasm; the mask keeps the background out of fusion.',
    inputs: { image: input(Image, { description: 'A portrait; alpha is ignored' }) },
    params: z.object({
      softness: z
        .number()
        .min(0)
        .max(0.5)
        .default(0.1)
        .describe(
          'P(person) within this of 0.5 ramps from 0 to 1 in the mask; outside it the mask is 0 or 1',
        ),
    }),
    outputs: {
      mask: output(Image, {
        description: 'rgba8, grey = alpha = how surely the pixel shows the person (255: surely)',
      }),
      cutout: output(Image, { description: 'the photo with the background made transparent (a preview)' }),
    },
    async run({ inputs, params, ctx }) {
      const image = imageToRgba8(inputs.image);
      try {
        checkImageSize(image.width, image.height);
      } catch (err) {
        throw new PortError('image', (err as Error).message);
      }
      ctx.progress(0, 'loading the segmentation model');
      const backend = await loadBackend();
      throwIfAborted(ctx.signal);
      ctx.progress(0.3, 'segmenting');
      const p = await backend.segment(image);
      throwIfAborted(ctx.signal);
      const n = image.width * image.height;
      const mask = new Uint8Array(n * 4),
        cutout = image.data.slice();
      const s = params.softness;
      for (let i = 0; i < n; i++) {
        const m = s > 0 ? Math.min(1, Math.max(0, (p[i]! - 0.5 + s) / (2 * s))) : p[i]! >= 0.5 ? 1 : 0;
        const v = Math.round(255 * m);
        mask.fill(v, i * 4, i * 4 + 4);
        cutout[i * 4 + 3] = Math.round((cutout[i * 4 + 3]! * v) / 255);
      }
      const { width, height } = image;
      return {
        mask: { width, height, format: 'rgba8' as const, data: mask },
        cutout: { width, height, format: 'rgba8' as const, data: cutout },
      };
    },
  });
}
