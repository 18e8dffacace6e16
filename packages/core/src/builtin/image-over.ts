import { z } from 'zod';
import { defineNode, input, output } from '../engine/nodes/define-node.js';
import { Image } from '../engine/ports/image.js';

/** Reads a pixel channel as 0..1 whatever the storage. */
function channel(img: Image, i: number): number {
  return img.format === 'rgba8' ? img.data[i]! / 255 : img.data[i]!;
}

export const imageOver = defineNode({
  type: 'image.over',
  version: 1,
  title: 'Overlay',
  category: 'Image',
  description:
    'Composites an image over another by its alpha (times `opacity`): overlays of fitted meshes or landmarks on photos.',
  inputs: { top: input(Image), bottom: input(Image) },
  params: z.object({ opacity: z.number().min(0).max(1).default(0.6) }),
  outputs: { image: output(Image) },
  run({ inputs, params }) {
    const { top, bottom } = inputs;
    if (top.width !== bottom.width || top.height !== bottom.height) {
      throw new Error(
        `top is ${top.width}x${top.height}, bottom ${bottom.width}x${bottom.height}: they must match`,
      );
    }
    const data = new Uint8Array(top.width * top.height * 4);
    for (let p = 0; p < top.width * top.height; p++) {
      const a = channel(top, p * 4 + 3) * params.opacity;
      for (let c = 0; c < 3; c++)
        data[p * 4 + c] = Math.round(
          255 * (a * channel(top, p * 4 + c) + (1 - a) * channel(bottom, p * 4 + c)),
        );
      data[p * 4 + 3] = 255;
    }
    return { image: { width: top.width, height: top.height, format: 'rgba8' as const, data } };
  },
});
