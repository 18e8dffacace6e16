/**
 * What a host's video decoder takes and gives, runtime-free: Node decodes with ffmpeg
 * (`node/ffmpeg-video.ts`), a browser would with WebCodecs. Frames are rgba8, top row first, upright
 * (a rotated phone video is turned as its metadata says, like EXIF-rotated photos).
 */

/** Which frames to decode. Frame n of the stream is at n / fps seconds (constant frame rate). */
export interface VideoSelection {
  /** Keep every n-th frame of the range (1 = all). */
  readonly every: number;
  /** First second of the range. */
  readonly start: number;
  /** End of the range in seconds (exclusive); undefined = the end of the video. */
  readonly end: number | undefined;
  /** Stop after this many frames: a guard against decoding a whole film into memory. */
  readonly maxFrames: number;
}

export interface VideoInfo {
  readonly width: number;
  readonly height: number;
  /** Frames per second of the stream (its average rate). */
  readonly fps: number;
  /** Seconds. */
  readonly duration: number;
  /** Frames in the stream, from its header or duration x fps. */
  readonly frameCount: number;
  /** The decoder's name for the codec, e.g. h264, vp9. */
  readonly codec: string;
}

export interface DecodedVideo {
  readonly info: VideoInfo;
  /** Stream frame number of each decoded frame. */
  readonly indices: readonly number[];
  /** [width * height * 4] rgba8 per frame. */
  readonly frames: readonly Uint8Array[];
}

/** A video the decoder cannot use (not a video, no video stream, corrupt, truncated, codec). */
export class VideoDecodeError extends Error {
  override name = 'VideoDecodeError';
  /** The engine's error code: the file is unusable, a retry will not help. */
  readonly code = 'bad_input' as const;
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
    throw new VideoDecodeError(
      `no frames between ${sel.start} s and ${sel.end ?? 'the end'} (the video is ${info.duration.toFixed(2)} s, ${info.frameCount} frames at ${info.fps} fps)`,
    );
  }
  const bytes = out.length * info.width * info.height * 4;
  if (bytes > MAX_VIDEO_BYTES) {
    throw new VideoDecodeError(
      `${out.length} frames of ${info.width}x${info.height} would take ${(bytes / 2 ** 30).toFixed(1)} GiB; ` +
        'keep fewer (every, maxFrames, or a shorter start..end range)',
    );
  }
  return out;
}
