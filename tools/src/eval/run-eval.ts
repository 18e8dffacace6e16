import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng } from '@ffavatar/core/io';
import { evaluateHead, neutralHeadParams } from '@ffavatar/core/geometry';
import { type Avatar, type CanonicalField } from '@ffavatar/core';
import { densifyAvatar, fitLandmarks } from '@ffavatar/nodes-flame';
import { personaliseAvatarCpu, PERSONALISE_RATES, type PersonaliseRates } from '@ffavatar/nodes-splat';
import { describeTrackingError, trackingError } from './tracking-error.js';
import { reconstruct, renderAvatar, score, type TrackedImage } from './reconstruct.js';
import {
  detectFace,
  makeSubject,
  renderFrame,
  type DetectedFace,
  type Frame,
  type Subject,
} from './subject.js';
import { HELD_OUT_EXPRESSIONS, HELD_OUT_VIEWS, trainingShots, type Shot } from './views.js';

export interface EvalOptions {
  /** Training view counts. */
  ks: readonly number[];
  /** Image side, pixels (ground truth, training and scored renders). */
  size: number;
  /** UV texels per page side of the reconstruction (the densifier's resolution). */
  uvSize: number;
  /** UV texels per page side of the subject's texture. */
  textureSize: number;
  /** Identity seed. */
  seed: number;
  /** The subject's texture file (SubjectOptions.textureFile): compare two fits on one subject. */
  subjectTexture?: string;
  /** The photo the subject's texture is fused from (SubjectOptions.portrait); default the bundled portrait. */
  subjectPortrait?: string;
  /** fitLandmarks' denseWeight with --track (0: the 68 points only); undefined: the fit's default. */
  denseWeight?: number;
  /**
   * false (default): training images come with their ground-truth cameras and head params, so the
   * table measures appearance reconstruction alone. true: landmarks are detected on the training
   * and the held-out images and fitted together (fitLandmarks, one identity), as `pnpm demo` tracks
   * its photos; only the training images are fused, and held-out frames are rendered with their
   * fitted camera and expression, so tracking error counts too.
   */
  track: boolean;
  /**
   * Steps of photometric personalisation (splat.personalise's defaults) of each K's avatar against
   * its own training images at their (true or fitted) tracking; 0: none (the classic avatar).
   */
  personalise: number;
  /** Learning rates that replace splat.personalise's defaults (in the personalisation and the test-time refinement). */
  rates?: Partial<PersonaliseRates>;
  /** Parameter groups the personalisation trains (default: all of splat.personalise's); the rest are frozen. */
  personaliseGroups?: readonly (keyof PersonaliseRates)[];
  /**
   * Steps of photometric camera refinement of each held-out frame against the avatar (frozen) before
   * it is scored: test-time tracking, as a photometric tracker would give; 0: the landmark fit's cameras.
   */
  refineTest: number;
  /** splat.personalise's headPrior (pull of the refined head parameters toward the tracking). */
  headPrior?: number;
  /** Write ground truth | render | |difference| x4 PNGs here. */
  saveDir?: string;
  log?: (line: string) => void;
}

interface Scores {
  psnr: number;
  ssim: number;
}

interface EvalRow {
  K: number;
  views: Scores;
  expressions: Scores;
  gaussians: number;
  /** Fusion + densification, seconds (with --track, detection and fitting are in trackSeconds). */
  seconds: number;
  trackSeconds?: number;
  /** With personalise: its seconds, and the training images' PSNR in their masks before and after. */
  personalised?: { seconds: number; trainingBefore: number; trainingAfter: number };
  /** Per held-out frame, by label. */
  perFrame: Record<string, Scores>;
  /** Training shots (yaw, pitch, expression). */
  training: Shot[];
}

export interface EvalResult {
  rows: EvalRow[];
  /**
   * Reference: an avatar densified straight from the subject's true texture (every texel known,
   * confidence 1, true tracking), scored on the same frames: what the Gaussians themselves cost at
   * this uv and image size. Not a strict ceiling: a fused texture is slightly pre-filtered by the
   * photos' pixels and has lower confidence (opacity 0.9..0.99, so neighbouring splats blend
   * more), and both score a little higher against the box-filtered truth. Absent unless uvSize
   * equals textureSize (the texture's own atlas is then the reconstruction's).
   */
  oracle?: { views: Scores; expressions: Scores; gaussians: number };
  subject: { identitySeed: number; textureSize: number; regionScored: 'face' };
  setupSeconds: number;
  totalSeconds: number;
}

export const DEFAULT_OPTIONS: EvalOptions = {
  ks: [1, 2, 4, 8, 16],
  size: 256,
  uvSize: 256,
  textureSize: 256,
  seed: 5,
  track: false,
  personalise: 0,
  refineTest: 0,
};

/** The whole evaluation; `subject` may be passed in when one was already made (tests share it). */
export async function runEval(options: Partial<EvalOptions> = {}, given?: Subject): Promise<EvalResult> {
  const opts = { ...DEFAULT_OPTIONS, ...options };
  const log = opts.log ?? (() => {});
  const start = performance.now();
  const subject =
    given ??
    (await makeSubject({
      textureSize: opts.textureSize,
      seed: opts.seed,
      textureFile: opts.subjectTexture,
      portrait: opts.subjectPortrait,
    }));
  if (subject.atlas.size !== opts.textureSize)
    throw new Error(
      `the subject's texture is ${subject.atlas.size} px/page, options say ${opts.textureSize}`,
    );
  const viewFrames = HELD_OUT_VIEWS.map((s) => renderFrame(subject, s, opts.size));
  const exprFrames = HELD_OUT_EXPRESSIONS.map((s) => renderFrame(subject, s, opts.size));
  const setupSeconds = (performance.now() - start) / 1000;
  log(
    `subject ready in ${setupSeconds.toFixed(1)} s (texture ${opts.textureSize} px/page, ${viewFrames.length} held-out views, ${exprFrames.length} held-out expressions)`,
  );

  // Renders `avatar` as tracking says each frame looks (camera, params) and scores it against
  // the frame's ground truth inside its face mask.
  const scoreAvatar = (
    avatar: Avatar,
    frames: readonly Frame[],
    tracking: readonly TrackedImage[],
    tag: string,
    perFrame: Record<string, Scores>,
  ): Scores => {
    const all = frames.map((fr, i) => {
      const render = renderAvatar(subject.model, avatar, tracking[i]!.params, tracking[i]!.camera);
      const s = score(render, fr.image, fr.mask);
      perFrame[fr.shot.label] = s;
      if (opts.saveDir) saveComparison(opts.saveDir, `${tag}_${fr.shot.label}.png`, fr, render);
      return s;
    });
    return { psnr: mean(all.map((s) => s.psnr)), ssim: mean(all.map((s) => s.ssim)) };
  };
  const heldOut = [...viewFrames, ...exprFrames];
  // Test-time tracking: each frame's camera, expression and joints fitted photometrically to the
  // frame, the avatar and the identity frozen.
  const frozen = {
    sh: 0,
    logitOpacities: 0,
    logScales: 0,
    rotations: 0,
    normalOffset: 0,
    barycentric: 0,
    identity: 0,
  };
  const refineTracking = (avatar: Avatar, frames: readonly TrackedImage[]): TrackedImage[] =>
    frames.map((t) => {
      const { cameras, params } = personaliseAvatarCpu(
        avatar,
        [{ image: t.image, camera: t.camera, params: t.params }],
        {
          steps: opts.refineTest,
          rates: {
            ...frozen,
            camera: personaliseRates(opts).camera,
            expression: personaliseRates(opts).expression,
            joints: personaliseRates(opts).joints,
          },
          headModel: subject.model,
          ...(opts.headPrior !== undefined ? { headPrior: opts.headPrior } : {}),
        },
      );
      return { ...t, camera: cameras[0]!, params: params![0]! };
    });
  const landmarks = new Map<Frame, DetectedFace>();

  const rows: EvalRow[] = [];
  for (const K of opts.ks) {
    const shots = trainingShots(K);
    const training = shots.map((s) => renderFrame(subject, s, opts.size));
    // Default: tracking is the truth (frames carry their camera and params). --track: the
    // pipeline's landmark fit over the training and the held-out frames together, as a
    // self-reenactment test tracks its test frames; only the training images are fused.
    let tracked: TrackedImage[] = [...training, ...heldOut];
    let trackSeconds: number | undefined;
    if (opts.track) {
      const t0 = performance.now();
      tracked = await trackFrames(subject, [...training, ...heldOut], landmarks, opts.denseWeight);
      trackSeconds = (performance.now() - t0) / 1000;
    }
    const classic = reconstruct(subject.model, tracked.slice(0, K), opts.uvSize);
    const { seconds } = classic;
    let avatar = classic.avatar;
    let personalised: EvalRow['personalised'];
    if (opts.personalise > 0) {
      const t0 = performance.now();
      const result = personaliseAvatarCpu(
        avatar,
        tracked.slice(0, K).map((t) => ({ image: t.image, camera: t.camera, params: t.params })),
        {
          steps: opts.personalise,
          rates: personaliseRates(opts),
          headModel: subject.model,
          ...(opts.headPrior !== undefined ? { headPrior: opts.headPrior } : {}),
        },
      );
      avatar = result.avatar;
      if (opts.track) {
        const refined = tracked
          .slice(0, K)
          .map((t, i) => ({ ...t, camera: result.cameras[i]!, params: result.params![i]! }));
        log(
          `  training tracking before: ${describeTrackingError(trackingError(subject.model, tracked.slice(0, K), training))}`,
        );
        log(
          `  training tracking after:  ${describeTrackingError(trackingError(subject.model, refined, training))}`,
        );
      }
      // One subject: the refined identity is every frame's, the held-out ones' too.
      const identity = result.params![0]!.identity;
      tracked = tracked.map((t) => ({ ...t, params: { ...t.params, identity } }));
      personalised = {
        seconds: (performance.now() - t0) / 1000,
        trainingBefore: mean(result.views.map((v) => v.psnrBefore)),
        trainingAfter: mean(result.views.map((v) => v.psnrAfter)),
      };
    }
    const perFrame: Record<string, Scores> = {};
    const testTracking = opts.refineTest > 0 ? refineTracking(avatar, tracked.slice(K)) : tracked.slice(K);
    const views = scoreAvatar(
      avatar,
      viewFrames,
      testTracking.slice(0, viewFrames.length),
      `K${K}`,
      perFrame,
    );
    const expressions = scoreAvatar(
      avatar,
      exprFrames,
      testTracking.slice(viewFrames.length),
      `K${K}`,
      perFrame,
    );
    if (opts.saveDir)
      training.forEach((fr) => saveComparison(opts.saveDir!, `train_K${K}_${fr.shot.label}.png`, fr));
    rows.push({
      K,
      views,
      expressions,
      gaussians: avatar.count,
      seconds,
      ...(trackSeconds !== undefined ? { trackSeconds } : {}),
      ...(personalised ? { personalised } : {}),
      perFrame,
      training: shots,
    });
    log(
      `K=${K}: views ${views.psnr.toFixed(2)} dB, expressions ${expressions.psnr.toFixed(2)} dB (${seconds.toFixed(1)} s${trackSeconds !== undefined ? ` + tracking ${trackSeconds.toFixed(1)} s` : ''}${personalised ? ` + personalise ${personalised.seconds.toFixed(1)} s, training ${personalised.trainingBefore.toFixed(2)} -> ${personalised.trainingAfter.toFixed(2)} dB` : ''})`,
    );
  }
  let oracle: EvalResult['oracle'];
  if (opts.uvSize === opts.textureSize) {
    const avatar = trueTextureAvatar(subject);
    const views = scoreAvatar(avatar, viewFrames, viewFrames, 'oracle', {});
    const expressions = scoreAvatar(avatar, exprFrames, exprFrames, 'oracle', {});
    oracle = { views, expressions, gaussians: avatar.count };
    log(`true texture: views ${views.psnr.toFixed(2)} dB, expressions ${expressions.psnr.toFixed(2)} dB`);
  }
  return {
    rows,
    ...(oracle ? { oracle } : {}),
    subject: { identitySeed: opts.seed, textureSize: opts.textureSize, regionScored: 'face' },
    setupSeconds,
    totalSeconds: (performance.now() - start) / 1000,
  };
}

function personaliseRates(opts: EvalOptions): PersonaliseRates {
  const rates = { ...PERSONALISE_RATES, ...opts.rates };
  if (!opts.personaliseGroups) return rates;
  return Object.fromEntries(
    Object.entries(rates).map(([k, v]) => [
      k,
      opts.personaliseGroups!.includes(k as keyof PersonaliseRates) ? v : 0,
    ]),
  ) as unknown as PersonaliseRates;
}

/** The densifier fed the subject's texture itself, on the texture's own atlas: no fusion at all. */
function trueTextureAvatar(subject: Subject): Avatar {
  const { model, atlas } = subject;
  const field: CanonicalField = {
    headModel: model.name,
    uvSize: atlas.size,
    tiles: atlas.pages.length,
    channels: 3,
    uvFeatures: subject.texture,
    uvConfidence: Float32Array.from(atlas.triangle, (f) => (f >= 0 ? 1 : 0)),
    vertexFeatures: new Float32Array(model.vertexCount * 3),
    images: 0,
  };
  const canonical = evaluateHead(model, { ...neutralHeadParams(model), identity: subject.identity }).vertices;
  return densifyAvatar(model, atlas, field, canonical, subject.identity);
}

/**
 * The pipeline's own tracking: 68 landmarks and the dense mesh per image (memoised per frame in `cache`), one joint
 * fit (shared identity, per-image camera and expression). The fit keeps the head at the model
 * origin and moves the camera, as the ground truth does; its focal length is its own.
 */
async function trackFrames(
  subject: Subject,
  frames: readonly Frame[],
  cache: Map<Frame, DetectedFace>,
  denseWeight: number | undefined,
): Promise<TrackedImage[]> {
  const { model } = subject;
  const observations = [];
  for (const fr of frames) {
    let face = cache.get(fr);
    // SSD, not the demo's tiny detector: on these renders (no background, no hair, yaw up to 58
    // degrees) tiny misses 6 of the 16 training views, SSD none. The face check is off: these are
    // faces by construction, and at 56 degrees of yaw the face-mesh net can score one below 0.5
    // (0.17 seen), which would end the run rather than measure the tracking.
    // Where ssd alone finds nothing (one K=16 view of a subject fused through an uncalibrated
    // fit), the cascade's upscaled retry does.
    if (!face) {
      face = await detectFace(fr.image, { detector: 'ssd', minFaceScore: 0 }).catch(() =>
        detectFace(fr.image, { detector: 'auto', minFaceScore: 0 }),
      );
      cache.set(fr, face);
    }
    observations.push({
      width: fr.image.width,
      height: fr.image.height,
      points: face.points,
      dense: { points: face.mesh },
    });
  }
  const fit = fitLandmarks(model, observations, denseWeight === undefined ? {} : { denseWeight });
  return frames.map((fr, i) => ({
    image: fr.image,
    camera: fit.cameras[i]!,
    params: { ...neutralHeadParams(model), identity: fit.identity, expression: fit.expressions[i]! },
  }));
}

function saveComparison(dir: string, name: string, frame: Frame, render?: Float32Array): void {
  mkdirSync(dir, { recursive: true });
  const { width: W, height: H, data: gt } = frame.image;
  const panels = render ? 3 : 1;
  const out = new Uint8Array(W * panels * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const p = y * W + x,
        o = (y * W * panels + x) * 4;
      for (let c = 0; c < 4; c++) out[o + c] = gt[p * 4 + c]!;
      if (!render) continue;
      for (let c = 0; c < 3; c++) {
        const r = Math.round(render[p * 4 + c]! * 255);
        out[o + W * 4 + c] = r;
        out[o + 2 * W * 4 + c] = frame.mask[p] ? Math.min(255, 4 * Math.abs(r - gt[p * 4 + c]!)) : 0;
      }
      out[o + W * 4 + 3] = out[o + 2 * W * 4 + 3] = 255;
    }
  writeFileSync(join(dir, name), encodePng({ width: W * panels, height: H, data: out }));
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
