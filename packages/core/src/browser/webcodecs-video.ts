// Video decoding in the browser: mediabunny reads the container (mp4, mov, webm, mkv) lazily from a
// Blob, WebCodecs' VideoDecoder decodes only the packets the selection needs (from the key packet
// before its first frame), and frames are numbered and selected as Node's ffmpeg decoder does
// (node/ffmpeg-video.ts), so a graph gives the same frames on either host.
import {
  BlobSource,
  EncodedPacketSink,
  Input,
  MATROSKA,
  MP4,
  QTFF,
  WEBM,
  type InputVideoTrack,
  type VideoCodec,
} from 'mediabunny';
import { AbortError, NodeError } from '../engine/errors/node-error.js';
import type { DecodedVideo, VideoInfo, VideoSelection } from '../engine/exec/video-decoding.js';
import { selectedFrames, videoError } from '../engine/exec/video-selection.js';
import {
  decodePlan,
  presentationOrder,
  streamFrameRate,
  type DecodePlan,
  type PacketEntry,
} from './video-decode-plan.js';
import { framePixels, type FrameOrientation } from './video-frame-pixels.js';

/** ffmpeg's codec names, so VideoInfo.codec reads the same on both hosts. */
const CODEC_NAMES: Record<VideoCodec, string> = {
  avc: 'h264',
  hevc: 'hevc',
  vp8: 'vp8',
  vp9: 'vp9',
  av1: 'av1',
  prores: 'prores',
};

/** Packets queued in the decoder before feeding waits: enough to keep it busy, bounded memory. */
const MAX_QUEUE = 16;

interface OpenedTrack {
  readonly input: Input;
  readonly track: InputVideoTrack;
  readonly info: VideoInfo;
  readonly config: VideoDecoderConfig;
  readonly orientation: FrameOrientation;
  readonly decodeOrder: PacketEntry[];
  readonly frameTimes: number[];
}

/**
 * Decodes the selected frames of a video held in a Blob. `name` is how errors name the file. A
 * file that is not a video, a codec this browser cannot decode, or a stream that breaks or ends
 * before the last selected frame is a `bad_input` error naming the file (and the last frame decoded).
 */
export async function decodeVideoBlob(
  blob: Blob,
  name: string,
  sel: VideoSelection,
  signal?: AbortSignal,
): Promise<DecodedVideo> {
  if (typeof VideoDecoder === 'undefined') {
    throw new NodeError(
      'unavailable',
      `cannot decode ${name}: this browser has no WebCodecs VideoDecoder (Chromium 94+, Firefox 130+, Safari 16.4+); run the graph in Node`,
    );
  }
  const opened = await openTrack(blob, name);
  try {
    const indices = selectedFrames(opened.info, sel);
    const plan = decodePlan(opened.decodeOrder, opened.frameTimes, indices);
    const frames = await decodePlanned(opened, plan, name, indices, signal);
    return { info: opened.info, indices, frames };
  } finally {
    opened.input.dispose();
  }
}

async function openTrack(blob: Blob, name: string): Promise<OpenedTrack> {
  const input = new Input({ source: new BlobSource(blob), formats: [MP4, QTFF, WEBM, MATROSKA] });
  try {
    let track: InputVideoTrack | null;
    try {
      track = await input.getPrimaryVideoTrack();
    } catch (err) {
      throw videoError(`${name}: not a video this browser can read (mp4, mov, webm, mkv): ${messageOf(err)}`);
    }
    if (!track) throw videoError(`${name}: has no video stream`);
    const codec = await track.getCodec();
    const config = await track.getDecoderConfig();
    if (!codec || !config) {
      const id = await track.getInternalCodecId();
      throw videoError(
        `${name}: its video codec (${typeof id === 'string' ? id : 'unknown'}) is not one WebCodecs decodes (h264, hevc, vp8, vp9, av1); ` +
          'convert it (e.g. ffmpeg -i in -c:v libvpx-vp9 out.webm) or run the graph in Node',
      );
    }
    await checkSupported(config, CODEC_NAMES[codec], name);
    const decodeOrder = await packetTable(track, name);
    if (decodeOrder.length === 0) throw videoError(`${name}: its video stream has no frames`);
    const frameTimes = presentationOrder(decodeOrder);
    const fps = streamFrameRate(frameTimes, (await track.computeDuration()) * 1e6);
    const rotation = await track.getRotation();
    const quarter = rotation === 90 || rotation === 270;
    const codedW = await track.getCodedWidth();
    const codedH = await track.getCodedHeight();
    const info: VideoInfo = {
      width: quarter ? codedH : codedW,
      height: quarter ? codedW : codedH,
      fps,
      // What ffprobe reports for the clips measured (mp4, mov, webm), where the last packet's end
      // can overshoot it by a frame or two.
      duration: decodeOrder.length / fps,
      frameCount: decodeOrder.length,
      codec: CODEC_NAMES[codec],
    };
    if (!(info.width > 0 && info.height > 0 && info.fps > 0 && info.duration > 0)) {
      throw videoError(
        `${name}: the ${info.codec} stream has no usable size, frame rate or duration (${info.width}x${info.height}, ${info.fps} fps, ${info.duration} s)`,
      );
    }
    const orientation = { rotation, flip: await track.getFlip() };
    return { input, track, info, config, orientation, decodeOrder, frameTimes };
  } catch (err) {
    input.dispose();
    throw err;
  }
}

async function checkSupported(config: VideoDecoderConfig, codec: string, name: string): Promise<void> {
  let supported: boolean | undefined;
  try {
    supported = (await VideoDecoder.isConfigSupported(config)).supported;
  } catch (err) {
    throw videoError(
      `${name}: its ${codec} stream has a decoder configuration WebCodecs refuses (${config.codec}): ${messageOf(err)}`,
    );
  }
  if (!supported) {
    // H.264 and HEVC are licensed: Chromium builds without proprietary codecs leave them out, and
    // HEVC needs a hardware decoder in most builds.
    const hint =
      codec === 'h264' || codec === 'hevc'
        ? ` (a browser built without proprietary codecs, or without a hardware ${codec} decoder, lacks it)`
        : '';
    throw videoError(
      `${name}: this browser cannot decode its ${codec} stream (${config.codec})${hint}; convert it (e.g. ffmpeg -i in -c:v libvpx-vp9 out.webm) or run the graph in Node`,
    );
  }
}

/** Every packet's presentation time and key flag, in decode order, without reading their data. */
async function packetTable(track: InputVideoTrack, name: string): Promise<PacketEntry[]> {
  const table: PacketEntry[] = [];
  try {
    for await (const p of new EncodedPacketSink(track).packets(undefined, undefined, {
      metadataOnly: true,
    })) {
      table.push({ us: p.microsecondTimestamp, key: p.type === 'key' });
    }
  } catch (err) {
    throw videoError(
      `${name}: its packet table cannot be read (${messageOf(err)}): the file is damaged or truncated`,
    );
  }
  return table;
}

async function decodePlanned(
  opened: OpenedTrack,
  plan: DecodePlan,
  name: string,
  indices: readonly number[],
  signal: AbortSignal | undefined,
): Promise<Uint8Array[]> {
  const frames: (Uint8Array | undefined)[] = new Array(indices.length);
  const conversions: Promise<void>[] = [];
  let failure: Error | undefined;
  // Wakes a feeder waiting for queue room when the decoder dies instead (no dequeue event follows).
  let wake = () => {};
  const errored = new Promise<void>((resolve) => (wake = resolve));
  const decoded = () => frames.filter((f) => f !== undefined).length;
  const where = () => {
    // The last selected frame in stream order that came out, as the Node decoder reports it.
    let last = -1;
    frames.forEach((f, pos) => {
      if (f) last = pos;
    });
    return last < 0 ? 'before its first selected frame' : `after frame ${indices[last]}`;
  };
  const decoder = new VideoDecoder({
    output(frame) {
      const pos = plan.wanted.get(frame.timestamp);
      if (pos === undefined || failure) {
        frame.close();
        return;
      }
      conversions.push(
        framePixels(frame, opened.orientation)
          .then((rgba) => {
            frames[pos] = rgba;
          })
          .catch((err: unknown) => {
            failure ??= new Error(`frame ${indices[pos]} could not be converted to rgba: ${messageOf(err)}`);
          })
          .finally(() => frame.close()),
      );
    },
    error(err) {
      failure ??= err;
      wake();
    },
  });
  try {
    decoder.configure(opened.config);
    const sink = new EncodedPacketSink(opened.track);
    let fed = 0;
    try {
      const start = await sink.getKeyPacket(opened.decodeOrder[plan.first]!.us / 1e6);
      // A key packet found by time may differ from the planned one only in a file whose table
      // lies; start there anyway and let the frame check below catch what is missing.
      for await (const packet of sink.packets(start ?? undefined)) {
        if (signal?.aborted) throw new AbortError();
        if (failure) break;
        decoder.decode(packet.toEncodedVideoChunk());
        if (plan.first + ++fed > plan.last) break;
        if (decoder.decodeQueueSize > MAX_QUEUE) await Promise.race([dequeued(decoder), errored]);
      }
    } catch (err) {
      if (err instanceof AbortError) throw err;
      failure ??= err as Error;
    }
    if (!failure) {
      try {
        await decoder.flush();
      } catch (err) {
        failure ??= err as Error;
      }
    }
    await Promise.all(conversions);
    if (signal?.aborted) throw new AbortError();
    if (failure) {
      throw videoError(
        `${name}: decoding failed ${where()} (codec ${opened.info.codec}): ${messageOf(failure)}`,
      );
    }
    const got = decoded();
    if (got < indices.length) {
      throw videoError(
        `${name}: the stream ended ${where()}, ${got} of ${indices.length} selected frames decoded: the file is truncated or damaged`,
      );
    }
    return frames as Uint8Array[];
  } finally {
    if (decoder.state !== 'closed') decoder.close();
  }
}

function dequeued(decoder: VideoDecoder): Promise<void> {
  return new Promise((resolve) => decoder.addEventListener('dequeue', () => resolve(), { once: true }));
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
