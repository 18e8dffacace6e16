/**
 * What a host's video decoder (FileAccess.decodeVideo) takes and gives: Node decodes with ffmpeg
 * (`node/ffmpeg-video.ts`), a browser with WebCodecs (`browser/webcodecs-video.ts`). Frames are
 * rgba8, top row first, upright (a rotated phone video is turned as its metadata says, like
 * EXIF-rotated photos).
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
