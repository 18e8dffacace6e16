// Video decoding in Node with ffmpeg as a subprocess (Debian's ffmpeg, installed by scripts/setup.sh):
// ffprobe reads the stream's size, rate and codec; ffmpeg decodes the selected frames to raw rgba8 on
// stdout. A maintained decoder that handles every container and codec beats any JS one we could ship.
import { spawn } from 'node:child_process';
import { NodeError } from '../engine/errors/node-error.js';
import type { DecodedVideo, VideoInfo, VideoSelection } from '../engine/exec/video-decoding.js';
import { selectedFrames, videoError } from '../engine/exec/video-selection.js';
import { checkInputFile } from './input-limits.js';

const FFMPEG = () => process.env.FFAVATAR_FFMPEG ?? 'ffmpeg';
const FFPROBE = () => process.env.FFAVATAR_FFPROBE ?? 'ffprobe';

interface Exited {
  code: number | null;
  stderr: string;
}

/** Runs a tool, streaming stdout to `onData`; a missing tool is an `unavailable` error saying how to get it. */
function runTool(
  tool: string,
  args: string[],
  onData: (chunk: Buffer) => void,
  signal?: AbortSignal,
): Promise<Exited> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
    let stderr = '';
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 8192) stderr += c.toString('utf8');
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') {
        reject(
          new NodeError(
            'unavailable',
            `${tool} not found: video input needs ffmpeg (./scripts/setup.sh installs Debian's; or set FFAVATAR_FFMPEG / FFAVATAR_FFPROBE)`,
          ),
        );
      } else reject(err);
    });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** ffmpeg's first complaint, without its `[demuxer @ 0x...]` prefix. */
function firstLine(stderr: string): string {
  const line =
    stderr
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? 'no message';
  return line.replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, '');
}

function parseRate(rate: string | undefined): number {
  const m = /^(\d+)\/(\d+)$/.exec(rate ?? '');
  if (!m || Number(m[2]) === 0) return NaN;
  return Number(m[1]) / Number(m[2]);
}

/** Size, rate, duration and codec of the first video stream, as the decoder will deliver it. */
export async function probeVideo(abs: string, signal?: AbortSignal): Promise<VideoInfo> {
  checkInputFile(abs, 'other');
  const chunks: Buffer[] = [];
  const r = await runTool(
    FFPROBE(),
    ['-v', 'error', '-select_streams', 'v:0', '-show_streams', '-show_format', '-of', 'json', abs],
    (c) => chunks.push(c),
    signal,
  );
  if (r.code !== 0) throw videoError(`${abs}: not a video ffmpeg can read (${firstLine(r.stderr)})`);
  const probe = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
    streams?: Array<Record<string, unknown>>;
    format?: { duration?: string };
  };
  const s = probe.streams?.[0];
  if (!s) throw videoError(`${abs}: has no video stream`);
  const codec = String(s.codec_name ?? 'unknown');
  let width = Number(s.width),
    height = Number(s.height);
  const fps = parseRate(s.avg_frame_rate as string) || parseRate(s.r_frame_rate as string);
  const duration = Number(s.duration ?? probe.format?.duration);
  if (!(width > 0 && height > 0 && fps > 0 && duration > 0)) {
    throw videoError(
      `${abs}: the ${codec} stream has no usable size, frame rate or duration (${width}x${height}, ${fps} fps, ${duration} s)`,
    );
  }
  // ffmpeg turns a rotated phone video upright while decoding; report the size it will deliver.
  const rotation = Number(
    (s.side_data_list as Array<{ rotation?: number }> | undefined)?.find((d) => d.rotation !== undefined)
      ?.rotation ??
      (s.tags as { rotate?: string } | undefined)?.rotate ??
      0,
  );
  if (Math.abs(rotation) % 180 === 90) [width, height] = [height, width];
  const header = Number(s.nb_frames);
  const frameCount = header > 0 ? header : Math.floor(duration * fps + 1e-6);
  return { width, height, fps, duration, frameCount, codec };
}

/**
 * Decodes the selected frames. A stream that ends early or fails to decode (a truncated or corrupt
 * file) is an error naming the file and the last frame that decoded; nothing partial is returned.
 */
export async function decodeVideoFile(
  abs: string,
  sel: VideoSelection,
  signal?: AbortSignal,
): Promise<DecodedVideo> {
  const info = await probeVideo(abs, signal);
  const indices = selectedFrames(info, sel);
  const frameBytes = info.width * info.height * 4;
  const first = indices[0]!;
  const frames: Uint8Array[] = [];
  let current = new Uint8Array(frameBytes);
  let filled = 0;
  const onData = (chunk: Buffer) => {
    let off = 0;
    while (off < chunk.length) {
      const n = Math.min(frameBytes - filled, chunk.length - off);
      current.set(chunk.subarray(off, off + n), filled);
      filled += n;
      off += n;
      if (filled === frameBytes) {
        if (frames.length < indices.length) frames.push(current);
        current = new Uint8Array(frameBytes);
        filled = 0;
      }
    }
  };
  // Seek by frame number, not time: select=gte(n,first) keeps the frame count exact on any rate;
  // -xerror turns a damaged packet into a failure instead of a silently shorter clip.
  const filter = `select='gte(n\\,${first})*not(mod(n-${first}\\,${sel.every}))'`;
  const r = await runTool(
    FFMPEG(),
    [
      '-v',
      'error',
      '-xerror',
      '-nostdin',
      '-i',
      abs,
      '-map',
      '0:v:0',
      '-vf',
      filter,
      '-fps_mode',
      'passthrough',
      '-frames:v',
      String(indices.length),
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgba',
      'pipe:1',
    ],
    onData,
    signal,
  );
  const decodedTo = frames.length > 0 ? indices[frames.length - 1] : undefined;
  const where = decodedTo === undefined ? 'before its first selected frame' : `after frame ${decodedTo}`;
  if (r.code !== 0) {
    const msg = firstLine(r.stderr);
    const codec = /decoder|codec/i.test(msg) ? ` (codec ${info.codec})` : '';
    throw videoError(`${abs}: decoding failed ${where}${codec}: ${msg}`);
  }
  // A header's frame count can overstate the decodable frames by one or two; more, or with
  // complaints on stderr, is a damaged file.
  const shortfall = indices.length - frames.length;
  if (shortfall > 0 && shortfall <= 2 && frames.length > 0 && r.stderr.trim() === '') {
    return { info, indices: indices.slice(0, frames.length), frames };
  }
  if (shortfall > 0) {
    throw videoError(
      `${abs}: the stream ended ${where}, ${frames.length} of ${indices.length} selected frames decoded: the file is truncated or its header overstates its length`,
    );
  }
  return { info, indices, frames };
}
