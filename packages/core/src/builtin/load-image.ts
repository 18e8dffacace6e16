import { decodeImage } from '../io/image-codec.js';
import { defineNode, input, output } from '../engine/nodes/define-node.js';
import { Image, Path } from '../engine/ports/builtin-types.js';
import { throwIfAborted } from '../engine/exec/node-context.js';
import { fingerprintInputFiles } from '../engine/exec/fingerprint.js';

export const loadImage = defineNode({
  type: 'io.loadImage',
  version: 1,
  title: 'Load image',
  category: 'IO',
  description: 'Decodes a PNG or JPEG file to an rgba8 image. Fed a list of paths, it loads each.',
  inputs: { path: input(Path) },
  outputs: { image: output(Image) },
  fingerprint: fingerprintInputFiles('path'),
  async run({ inputs, ctx }) {
    const bytes = await ctx.files.read(inputs.path);
    throwIfAborted(ctx.signal);
    const source = ctx.files.resolve(inputs.path);
    const img = decodeImage(bytes, source);
    // `source` rides along (Image is an open object) so a node failing on this photo, many steps
    // on, can say which photo of a multi-photo run it was.
    return {
      image: { width: img.width, height: img.height, format: 'rgba8' as const, data: img.data, source },
    };
  },
});
