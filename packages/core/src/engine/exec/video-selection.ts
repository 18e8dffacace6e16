// Which stream frames a selection keeps, and the memory guard, for any decoder host.
import { NodeError } from '../errors/node-error.js';
import type { VideoInfo, VideoSelection } from './video-decoding.js';

/** A video the decoder cannot use (not a video, no video stream, corrupt, truncated, codec). */
export function videoError(message: string): NodeError {
  return new NodeError('bad_input', message);
}

/** Decoded frames are held in memory; beyond this a selection is refused before decoding. */
export const MAX_VIDEO_BYTES = 2 ** 31;

/**
 * The stream frame numbers a selection keeps: from `start` (rounded up to a frame) up to `end`,
 * every n-th, at most `maxFrames`. Throws naming the range when it holds no frame.
 */
export function selectedFrames(info: VideoInfo, sel: VideoSelection): number[] {
  const first = Math.ceil(sel.start * info.fps - 1e-6);
  const endTime = Math.min(sel.end ?? info.duration, info.duration);
  const stop = Math.min(info.frameCount, Math.ceil(endTime * info.fps - 1e-6));
  const out: number[] = [];
  for (let n = Math.max(0, first); n < stop && out.length < sel.maxFrames; n += sel.every) out.push(n);
  if (out.length === 0) {
    throw videoError(
      `no frames between ${sel.start} s and ${sel.end ?? 'the end'} (the video is ${info.duration.toFixed(2)} s, ${info.frameCount} frames at ${info.fps} fps)`,
    );
  }
  const bytes = out.length * info.width * info.height * 4;
  if (bytes > MAX_VIDEO_BYTES) {
    throw videoError(
      `${out.length} frames of ${info.width}x${info.height} would take ${(bytes / 2 ** 30).toFixed(1)} GiB; ` +
        'keep fewer (every, maxFrames, or a shorter start..end range)',
    );
  }
  return out;
}
