// Video in through ffmpeg: frame numbering exact under every selection, rotated phone videos
// upright, damaged files refused naming the file and frame. The clips are made here by ffmpeg itself
// (lossless codecs where pixels are compared), so nothing is committed and nothing downloads.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../engine/nodes/registry.js';
import { validateGraph } from '../engine/graph/validate.js';
import { runGraph } from '../engine/exec/run-graph.js';
import coreNodes from '../builtin/index.js';
import { graph } from '../test-support/graph-builder.js';
import { decodeVideoFile, probeVideo } from './ffmpeg-video.js';
import { nodeFileAccess } from './file-access.js';

const W = 32,
  H = 24,
  FRAMES = 30,
  FPS = 10;
const all = { every: 1, start: 0, end: undefined, maxFrames: 1000 };
let dir = '';

function ffmpeg(...args: string[]) {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'video-'));
  // Frame k is one flat colour whose red channel is 8k: a decoded frame says its own number.
  const raw = new Uint8Array(FRAMES * W * H * 3);
  for (let k = 0; k < FRAMES; k++)
    for (let p = 0; p < W * H; p++) raw.set([8 * k, 100, 200 - k], (k * W * H + p) * 3);
  writeFileSync(join(dir, 'frames.rgb'), raw);
  const rawIn = [
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-s',
    `${W}x${H}`,
    '-r',
    String(FPS),
    '-i',
    join(dir, 'frames.rgb'),
  ];
  ffmpeg(...rawIn, '-c:v', 'ffv1', join(dir, 'flat.mkv'));
  ffmpeg(...rawIn, '-c:v', 'png', join(dir, 'flat.mov'));
  ffmpeg('-i', join(dir, 'flat.mov'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', join(dir, 'rotated.mov'));
  ffmpeg(
    '-f',
    'lavfi',
    '-i',
    `testsrc2=s=64x48:r=${FPS}:d=3`,
    '-c:v',
    'mpeg4',
    '-movflags',
    '+faststart',
    join(dir, 'clip.mp4'),
  );
  const mp4 = readFileSync(join(dir, 'clip.mp4'));
  writeFileSync(join(dir, 'truncated.mp4'), mp4.subarray(0, mp4.length >> 1));
  writeFileSync(join(dir, 'notes.mp4'), 'not a video');
}, 60_000);

describe('decodeVideoFile (ffmpeg)', () => {
  it('reads size, rate, length and codec', async () => {
    expect(await probeVideo(join(dir, 'flat.mkv'))).toEqual({
      width: W,
      height: H,
      fps: FPS,
      duration: 3,
      frameCount: FRAMES,
      codec: 'ffv1',
    });
  });

  it('decodes every frame in order, pixels exact', async () => {
    const v = await decodeVideoFile(join(dir, 'flat.mkv'), all);
    expect(v.frames).toHaveLength(FRAMES);
    expect(v.indices).toEqual([...Array(FRAMES).keys()]);
    v.frames.forEach((f, k) => {
      expect(f.length).toBe(W * H * 4);
      expect(Array.from(f.subarray(0, 4))).toEqual([8 * k, 100, 200 - k, 255]);
    });
  });

  it('keeps every n-th frame of a time range, numbered as in the stream', async () => {
    const v = await decodeVideoFile(join(dir, 'flat.mov'), {
      every: 3,
      start: 0.5,
      end: 2.2,
      maxFrames: 100,
    });
    expect(v.indices).toEqual([5, 8, 11, 14, 17, 20]);
    expect(v.frames.map((f) => f[0])).toEqual([40, 64, 88, 112, 136, 160]);
    const capped = await decodeVideoFile(join(dir, 'flat.mov'), { ...all, every: 2, maxFrames: 4 });
    expect(capped.indices).toEqual([0, 2, 4, 6]);
  });

  it('turns a rotated video upright, as its metadata says', async () => {
    const v = await decodeVideoFile(join(dir, 'rotated.mov'), { ...all, maxFrames: 2 });
    expect([v.info.width, v.info.height]).toEqual([H, W]);
    expect(v.frames[1]!.length).toBe(W * H * 4);
    expect(v.frames[1]![0]).toBe(8);
  });

  it('refuses a truncated file naming it and the last frame decoded', async () => {
    const file = join(dir, 'truncated.mp4');
    await expect(decodeVideoFile(file, all)).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(/truncated\.mp4: decoding failed (after frame \d+|before)/),
    });
  });

  it('refuses a file that is not a video, and a range with no frames', async () => {
    await expect(decodeVideoFile(join(dir, 'notes.mp4'), all)).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringContaining('notes.mp4: not a video ffmpeg can read'),
    });
    await expect(decodeVideoFile(join(dir, 'flat.mkv'), { ...all, start: 5 })).rejects.toThrow(
      /no frames between 5 s and the end \(the video is 3\.00 s, 30 frames at 10 fps\)/,
    );
  });

  it('says how to get ffmpeg when it is missing', async () => {
    const saved = process.env.FFAVATAR_FFPROBE;
    process.env.FFAVATAR_FFPROBE = join(dir, 'no-such-ffprobe');
    try {
      await expect(decodeVideoFile(join(dir, 'flat.mkv'), all)).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringContaining('setup.sh'),
      });
    } finally {
      if (saved === undefined) delete process.env.FFAVATAR_FFPROBE;
      else process.env.FFAVATAR_FFPROBE = saved;
    }
  });
});

describe('io.loadVideo', () => {
  const registry = createRegistry([coreNodes]);
  const run = async (file: string, params: Record<string, unknown>) => {
    const { plan, problems } = validateGraph(
      graph({ video: ['io.loadVideo', params] }, [], {
        inputs: { clip: { to: 'video.path', type: 'Path' } },
        outputs: { frames: 'video.frames', fps: 'video.fps', times: 'video.times' },
      }),
      registry,
    );
    expect(problems).toEqual([]);
    const roots = { baseDir: dir, outDir: undefined };
    return runGraph(plan!, { roots, files: nodeFileAccess(roots), inputs: { clip: file } });
  };

  it('gives the frames as a List of images naming their frame, the rate and the times', async () => {
    const r = await run('flat.mkv', { every: 5 });
    expect(r.errors).toEqual([]);
    const frames = r.outputs.frames as Array<{ width: number; source: string }>;
    expect(frames).toHaveLength(6);
    expect(frames[1]!.source).toMatch(/flat\.mkv#frame=5$/);
    expect(r.outputs.fps).toBe(2);
    expect(Array.from((r.outputs.times as { data: Float32Array }).data)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
  });

  it('a damaged video fails on port path, naming the file', async () => {
    const r = await run('truncated.mp4', {});
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ node: 'video', port: 'path', code: 'bad_input' });
    expect(r.errors[0]!.message).toContain('truncated.mp4');
  });
});
