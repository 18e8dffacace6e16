import { z } from 'zod';
import { encodeGif } from '../io/gif.js';
import { defineNode, input, output } from '../engine/nodes/define-node.js';
import { Image } from '../engine/ports/image.js';
import { Path } from '../engine/ports/primitives.js';
import { listOf } from '../engine/ports/port-type.js';
import { imageToRgba8 } from '../engine/values/image.js';
import { savePathParam } from './save-path-param.js';

export const saveAnimation = defineNode({
  type: 'io.saveAnimation',
  version: 1,
  title: 'Save animation',
  category: 'IO',
  effect: true,
  description:
    'Writes a list of frames as an animated GIF (turntables, expression sweeps) under the output folder.',
  inputs: { frames: input(listOf(Image)) },
  params: z.object({
    path: savePathParam(['.gif'], 'renders/turntable.gif').default('animation.gif'),
    fps: z.number().positive().max(100).default(12),
    loop: z.number().int().min(0).default(0).describe('0 loops forever'),
  }),
  outputs: { path: output(Path) },
  async run({ inputs, params, ctx }) {
    const bytes = encodeGif(inputs.frames.map(imageToRgba8), { fps: params.fps, loop: params.loop });
    return { path: await ctx.files.write(params.path, bytes) };
  },
});
