import { z } from 'zod';
import { defineNode, input, output } from '../engine/nodes/define-node.js';
import { Image, Num, Path, Tensor } from '../engine/ports/builtin-types.js';
import { listOf } from '../engine/ports/port-type.js';
import { errorCodeOf, PortError } from '../engine/errors/node-error.js';
import { throwIfAborted } from '../engine/exec/node-context.js';
import { fingerprintInputFiles } from '../engine/exec/fingerprint.js';

export const loadVideo = defineNode({
  type: 'io.loadVideo',
  version: 1,
  title: 'Load video',
  category: 'IO',
  description:
    'Decodes frames of a video (mp4, webm, mov: whatever ffmpeg reads in Node; h264, vp8, vp9, av1 through WebCodecs in a browser) to rgba8 images, upright: every n-th frame of a time range.',
  inputs: { path: input(Path) },
  params: z.object({
    every: z.number().int().min(1).max(10_000).default(1).describe('Keep every n-th frame (1 = all)'),
    start: z.number().min(0).default(0).describe('First second of the range'),
    end: z
      .number()
      .positive()
      .optional()
      .describe('End of the range in seconds; empty = the end of the video'),
    maxFrames: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(600)
      .describe('Stop after this many frames (frames are held in memory: 360p is 0.4 MB each)'),
  }),
  outputs: {
    frames: output(listOf(Image), { description: 'The selected frames, in order' }),
    fps: output(Num, { description: 'Frames per second of the selection: the stream rate / every' }),
    times: output(Tensor, { description: '[N] f32 seconds of each frame from the start of the video' }),
  },
  fingerprint: fingerprintInputFiles('path'),
  async run({ inputs, params, ctx }) {
    if (params.end !== undefined && params.end <= params.start) {
      throw new PortError('path', `end (${params.end} s) must come after start (${params.start} s)`);
    }
    const source = ctx.files.resolve(inputs.path);
    if (!ctx.files.decodeVideo) {
      throw new PortError(
        'path',
        `cannot decode ${source}: this host has no video decoder (video runs in Node with ffmpeg, or in a browser with WebCodecs)`,
      );
    }
    let video;
    try {
      video = await ctx.files.decodeVideo(
        inputs.path,
        { every: params.every, start: params.start, end: params.end, maxFrames: params.maxFrames },
        ctx.signal,
      );
    } catch (err) {
      // By code, not class: a host bundled apart from this node (a browser worker and its plugin
      // bundle) throws its own copy of NodeError.
      if (errorCodeOf(err) === 'bad_input') throw new PortError('path', (err as Error).message);
      throw err;
    }
    throwIfAborted(ctx.signal);
    const { info, indices } = video;
    // Each frame names its file and frame number, so a node failing on one frame says which.
    const frames = video.frames.map((data, i) => ({
      width: info.width,
      height: info.height,
      format: 'rgba8' as const,
      data,
      source: `${source}#frame=${indices[i]}`,
    }));
    const times = new Float32Array(indices.map((n) => n / info.fps));
    return {
      frames,
      fps: info.fps / params.every,
      times: { dtype: 'f32' as const, shape: [times.length], data: times },
    };
  },
});
