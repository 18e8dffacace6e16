import { z } from 'zod';
import { encodeJpeg, encodePng } from '../io/image-codec.js';
import { defineNode, input, output } from '../engine/nodes/define-node.js';
import { Image, Path } from '../engine/ports/builtin-types.js';
import { imageToRgba8 } from '../engine/values/image.js';
import { itemPath } from './item-path.js';
import { savePathParam } from './save-path-param.js';
import { imageToStraightRgba8 } from './straight-alpha.js';

export const saveImage = defineNode({
  type: 'io.saveImage',
  version: 1,
  title: 'Save image',
  category: 'IO',
  effect: true,
  description:
    'Writes an image under the output folder, atomically. In a mapped run `{item}` in the path is the item number.',
  inputs: { image: input(Image) },
  params: z.object({
    path: savePathParam(['.png', '.jpg', '.jpeg'], 'renders/view_{item}.png')
      .default('image.png')
      .describe('Relative to the output folder; .png, .jpg or .jpeg'),
    quality: z.number().int().min(1).max(100).default(92).describe('JPEG quality'),
  }),
  outputs: { path: output(Path) },
  async run({ inputs, params, ctx }) {
    const rel = itemPath(params.path, ctx.item);
    // JPEG has no alpha: it keeps the colour as composited; PNG stores straight alpha.
    const bytes = /\.jpe?g$/i.test(rel)
      ? encodeJpeg(imageToRgba8(inputs.image), params.quality)
      : encodePng(imageToStraightRgba8(inputs.image));
    return { path: await ctx.files.write(rel, bytes) };
  },
});
