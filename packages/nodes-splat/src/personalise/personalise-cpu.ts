import type { Avatar, Camera, GaussianCloud, HeadModel, HeadParams, Image, Mesh } from '@ffavatar/core';
import { AbortError } from '@ffavatar/core';
import { Adam, photometricLoss } from '@ffavatar/core/optim';
import { clampExpression, headGradients, poseHead, trackHeads, type TrackedHeads } from './tracked-heads.js';
import {
  allocateAvatarGradients,
  driveBackwardCpu,
  type AvatarGradients,
} from '../drive/drive-backward-cpu.js';
import { driveAvatarCpu } from '../drive/drive-cpu.js';
import { meshFrames } from '../drive/triangle-frame.js';
import { rasterizeBackwardCpu, rasterizeForwardCpu } from '../raster/backward-cpu.js';
import { allocateGaussianGradients } from '../raster/project-backward-cpu.js';
import { CAMERA_DOF, cameraParamGradient, refinedCamera } from './camera-refinement.js';
import { coverageMask, cropView, imageRgb, type ViewTarget } from './view-targets.js';

/**
 * One photo of the subject with its tracking: the camera, and the head as the photo shows it,
 * either as a posed mesh (held fixed) or as head parameters (then `headModel` is given and the
 * parameters are refined with the avatar).
 */
export type PersonaliseView = {
  camera: Camera;
  image: Image;
  /** The photo's person mask (rgba8, the photo's size; alpha >= 128 = person): the loss reads only those pixels. */
  mask?: { width: number; height: number; data: Uint8Array } | undefined;
} & ({ mesh: Mesh; params?: undefined } | { params: HeadParams; mesh?: undefined });

/** Adam learning rates per parameter group; 0 freezes a group. */
export interface PersonaliseRates {
  /** SH coefficients (colour = 0.5 + 0.282 dc for the DC term). */
  sh: number;
  logitOpacities: number;
  /** Local log standard deviations. */
  logScales: number;
  /** Local quaternions (stored, unnormalised). */
  rotations: number;
  /** Offset along the triangle normal, in triangle scales. */
  normalOffset: number;
  /** Position within the triangle plane (barycentrics, kept summing to one). */
  barycentric: number;
  /** Each photo's camera: rotation vector (rad), translation (m) and log focal factor. */
  camera: number;
  /** The head model's identity coefficients, shared by every photo (views given as params only). */
  identity: number;
  /** Each photo's expression weights. */
  expression: number;
  /** Each photo's joint rotations (jaw, neck, eyes; skinned models), radians. */
  joints: number;
}

/** The rates splat.personalise uses unless told otherwise (tuned on the bundled portrait and the eval subject). */
export const PERSONALISE_RATES: Readonly<PersonaliseRates> = {
  sh: 0.01,
  logitOpacities: 0.025,
  logScales: 0.005,
  rotations: 0.002,
  normalOffset: 0.005,
  barycentric: 0.002,
  camera: 2e-5,
  identity: 0.01,
  expression: 0.005,
  joints: 0.001,
};

/**
 * A photo the avatar, posed by the photo's tracking, does not cover (or covers only where the
 * person mask says background): its camera or head parameters belong to another photo.
 */
export class NoOverlapError extends Error {
  constructor(readonly view: number) {
    super(
      `photo ${view}: the avatar posed by its tracking covers no pixel of it that the loss could read (none, or only background): its camera or head parameters do not belong to this photo`,
    );
    this.name = 'NoOverlapError';
  }
}

/** splat.personalise's default pull of the head parameters toward the tracking. */
export const PERSONALISE_HEAD_PRIOR = 0.01;

export interface PersonaliseOptions {
  steps: number;
  rates: PersonaliseRates;
  /** SH degree of the result (>= the avatar's); new coefficients start at zero. */
  shDegree?: number;
  background?: readonly [number, number, number];
  /** The loss reads pixels the initial render covers at least this much ... */
  minAlpha?: number;
  /** ... shrunk by this many pixels. */
  erode?: number;
  /** Pixels around the mask kept in the crop (Gaussians at its edge still render into it). */
  margin?: number;
  /** How far (triangle scales) a Gaussian may move along the normal from where the densifier put it. */
  maxNormalOffset?: number;
  /** How much larger (factor) a Gaussian may grow than the densifier made it. */
  maxScaleGrowth?: number;
  /** The model the views' `params` belong to; needed when views carry params rather than meshes. */
  headModel?: HeadModel;
  /**
   * Pull of the head parameters toward the tracking (added to the loss: prior / 2 * |p - p0|^2 per
   * coefficient, summed), so the photometric loss corrects the tracking rather than replacing it.
   */
  headPrior?: number;
  signal?: AbortSignal;
  onStep?: (record: StepRecord, done: number, total: number) => void;
}

// Types, not interfaces: they travel in a Json port.
export type StepRecord = {
  step: number;
  view: number;
  loss: number;
  l1: number;
  dssim: number;
};

export type ViewScore = {
  view: number;
  /** Pixels the loss read (after the mask). */
  pixels: number;
  /** The crop box in the photo: x, y, width, height. */
  box: [number, number, number, number];
  /** PSNR (dB) in the mask before and after. */
  psnrBefore: number;
  psnrAfter: number;
};

export interface PersonaliseResult {
  avatar: Avatar;
  cameras: Camera[];
  /** The refined head parameters per photo, when the views carried params. */
  params?: HeadParams[];
  curve: StepRecord[];
  views: ViewScore[];
  /** Gaussians that any photo sees (the ones optimised); the rest are returned unchanged. */
  optimised: number;
  ms: number;
}

const GROUPS = ['sh', 'logitOpacities', 'logScales', 'rotations', 'normalOffset', 'barycentric'] as const;

/**
 * Photometric personalisation of an avatar on the CPU: each step drives the avatar onto one photo's
 * mesh, renders the crop around the face, takes 3DGS's loss (0.8 L1 + 0.2 D-SSIM) inside the mask,
 * and carries the gradient back through the rasterizer and the drive to the avatar's own
 * parameters, to that photo's camera, and (when the views carry head parameters) through the mesh
 * to the head model: the shared identity and the photo's expression and joint rotations. One Adam
 * update; photos are taken in turn. Gaussians no photo sees are left as they are (no gradient
 * would move them, and leaving them out of the render makes a step cost what the visible part
 * costs). Deterministic for the same inputs.
 */
export function personaliseAvatarCpu(
  avatar: Avatar,
  views: readonly PersonaliseView[],
  opts: PersonaliseOptions,
): PersonaliseResult {
  const t0 = performance.now();
  const background = opts.background ?? [0, 0, 0];
  const shDegree = Math.max(avatar.shDegree, opts.shDegree ?? avatar.shDegree);
  const full = withShDegree(avatar, shDegree);
  const heads = headsOf(views, opts.headModel);
  const meshes: Mesh[] = heads ? heads.meshes : views.map((v) => v.mesh!);
  const frames = heads
    ? heads.frames
    : meshes.map((m) => meshFrames(m.vertices, m.triangles, m.triangleCount));

  // Targets and masks from the avatar as it stands; the set of Gaussians any photo sees.
  const targets: ViewTarget[] = [];
  const seen = new Uint8Array(full.count);
  views.forEach((view, v) => {
    const m = view.mask;
    if (m && (m.width !== view.camera.width || m.height !== view.camera.height))
      throw new Error(
        `photo ${v}: its mask is ${m.width}x${m.height}, its camera ${view.camera.width}x${view.camera.height}`,
      );
    const cloud = driveAvatarCpu(full, meshes[v]!, undefined, frames[v]);
    const whole = rasterizeForwardCpu(cloud, view.camera, { background });
    const alpha = new Float32Array(view.camera.width * view.camera.height);
    for (let p = 0; p < alpha.length; p++) alpha[p] = whole.targets.rgba[p * 4 + 3]!;
    const mask = coverageMask(
      alpha,
      view.camera.width,
      view.camera.height,
      opts.minAlpha ?? 0.95,
      opts.erode ?? 2,
      view.mask,
    );
    const target = cropView(view.camera, imageRgb(view.image), mask, opts.margin ?? 4);
    if (!target) throw new NoOverlapError(v);
    targets.push(target);
    const fwd = rasterizeForwardCpu(cloud, target.camera, { background });
    const dRgba = new Float32Array(target.camera.width * target.camera.height * 4);
    for (let p = 0; p < target.mask.length; p++) dRgba[p * 4] = target.mask[p]!;
    const g = rasterizeBackwardCpu(fwd, dRgba);
    const stride = (shDegree + 1) ** 2 * 3;
    for (let i = 0; i < full.count; i++) if (g.gaussians.sh[i * stride] !== 0) seen[i] = 1;
  });
  const active: number[] = [];
  for (let i = 0; i < full.count; i++) if (seen[i]) active.push(i);
  const work = subset(full, active);
  const n = work.count;

  const init = {
    normalOffset: work.normalOffset.slice(),
    logScales: work.logScales.slice(),
  };
  const cams = views.map(() => new Float64Array(CAMERA_DOF));
  const rates = opts.rates;
  const perView = (name: string, lr: number, arrays: (Float32Array | undefined)[]) =>
    lr > 0 ? arrays.flatMap((a, v) => (a ? [{ name: `${name}${v}`, params: a, lr }] : [])) : [];
  const adam = new Adam(
    [
      ...GROUPS.filter((g) => rates[g] > 0).map((g) => ({ name: g, params: work[g], lr: rates[g] })),
      ...(rates.camera > 0 ? cams.map((p, v) => ({ name: `camera${v}`, params: p, lr: rates.camera })) : []),
      ...(heads && rates.identity > 0
        ? [{ name: 'identity', params: heads.identity, lr: rates.identity }]
        : []),
      ...(heads
        ? perView(
            'expression',
            rates.expression,
            heads.params.map((p) => p.expression),
          )
        : []),
      ...(heads
        ? perView(
            'joints',
            rates.joints,
            heads.params.map((p) => p.jointRotations),
          )
        : []),
    ],
    { eps: 1e-15 },
  );
  const headPrior = opts.headPrior ?? PERSONALISE_HEAD_PRIOR;
  const cloud: GaussianCloud = {
    count: n,
    shDegree,
    means: new Float32Array(n * 3),
    logScales: new Float32Array(n * 3),
    rotations: new Float32Array(n * 4),
    logitOpacities: work.logitOpacities,
    sh: work.sh,
  };
  const dCloud = allocateGaussianGradients(n, shDegree);
  const dAvatar = allocateAvatarGradients(n, shDegree);
  const dCam = new Float64Array(CAMERA_DOF);
  const maxOffset = opts.maxNormalOffset ?? 0.5;
  const maxGrowth = Math.log(opts.maxScaleGrowth ?? 2);
  const dRgbaOf: Float32Array[] = [];
  const curve: StepRecord[] = [];
  const psnrBefore = targets.map((t, v) => maskedPsnr(work, meshes[v]!, t, t.camera, background));

  for (let step = 0; step < opts.steps; step++) {
    if (opts.signal?.aborted) throw new AbortError('personalisation cancelled');
    const v = step % views.length;
    const target = targets[v]!;
    const cam = refinedCamera(target.camera, cams[v]!);
    driveAvatarCpu(work, meshes[v]!, cloud, frames[v]);
    const fwd = rasterizeForwardCpu(cloud, cam, { background });
    const { width, height } = cam;
    // One buffer per photo (its crop's size), zeroed each step: no allocation in the loop.
    const dRgba = (dRgbaOf[v] ??= new Float32Array(width * height * 4));
    dRgba.fill(0);
    const { loss, l1, dssim } = photometricLoss(
      { data: fwd.targets.rgba, width, height, channels: 4 },
      { data: target.rgb, width, height, channels: 3 },
      { grad: dRgba, mask: target.mask },
    );
    const g = rasterizeBackwardCpu(fwd, dRgba, dCloud);
    zeroAvatarGradients(dAvatar);
    driveBackwardCpu(work, meshes[v]!, g.gaussians, dAvatar, frames[v]);
    const grads: Record<string, Float32Array | Float64Array> = {};
    for (const name of GROUPS) if (rates[name] > 0) grads[name] = dAvatar[name];
    if (rates.camera > 0) {
      cameraParamGradient(cam, g.camera, dCam);
      grads[`camera${v}`] = dCam;
    }
    if (heads) {
      const hg = headGradients(heads, v, work, g.gaussians, headPrior, {
        identity: rates.identity > 0,
        expression: rates.expression > 0,
      });
      if (rates.identity > 0) grads.identity = hg.identity;
      if (rates.expression > 0) grads[`expression${v}`] = hg.expression;
      if (rates.joints > 0 && hg.jointRotations) grads[`joints${v}`] = hg.jointRotations;
    }
    adam.step(grads);
    keepInBounds(work, init, maxOffset, maxGrowth);
    if (heads) {
      clampExpression(heads, v);
      // The identity is shared: every photo's mesh moves when it does.
      if (rates.identity > 0) heads.params.forEach((_, u) => poseHead(heads, u));
      else poseHead(heads, v);
    }
    const record = { step, view: v, loss, l1, dssim };
    curve.push(record);
    opts.onStep?.(record, step + 1, opts.steps);
  }

  const cameras = views.map((view, v) => refinedCamera(view.camera, cams[v]!));
  const scores: ViewScore[] = targets.map((t, v) => ({
    view: v,
    pixels: t.pixels,
    box: [t.x0, t.y0, t.camera.width, t.camera.height],
    psnrBefore: psnrBefore[v]!,
    psnrAfter: maskedPsnr(work, meshes[v]!, t, refinedCamera(t.camera, cams[v]!), background),
  }));
  return {
    avatar: scatter(full, active, work),
    cameras,
    ...(heads ? { params: heads.params.map((p) => ({ ...p, identity: p.identity.slice() })) } : {}),
    curve,
    views: scores,
    optimised: n,
    ms: performance.now() - t0,
  };
}

/** The views' head parameters as optimisation state, or undefined when every view brings a mesh. */
function headsOf(views: readonly PersonaliseView[], model: HeadModel | undefined): TrackedHeads | undefined {
  const withParams = views.filter((v) => v.params).length;
  if (withParams === 0) return undefined;
  if (withParams < views.length)
    throw new Error('personalise: give every photo a mesh, or every photo head parameters, not a mix');
  if (!model) throw new Error('personalise: the photos carry head parameters, but no head model was given');
  return trackHeads(
    model,
    views.map((v) => v.params!),
  );
}

function zeroAvatarGradients(g: AvatarGradients): void {
  for (const name of GROUPS) g[name].fill(0);
}

/** Offsets and sizes stay near what the densifier made; barycentrics sum to one, each >= -0.25. */
function keepInBounds(
  a: Avatar,
  init: { normalOffset: Float32Array; logScales: Float32Array },
  maxOffset: number,
  maxGrowth: number,
): void {
  for (let i = 0; i < a.count; i++) {
    const o0 = init.normalOffset[i]!;
    a.normalOffset[i] = Math.min(o0 + maxOffset, Math.max(o0 - maxOffset, a.normalOffset[i]!));
    let s = 0;
    for (let j = 0; j < 3; j++) {
      const b = Math.max(-0.25, a.barycentric[i * 3 + j]!);
      a.barycentric[i * 3 + j] = b;
      s += b;
    }
    for (let j = 0; j < 3; j++) a.barycentric[i * 3 + j] = a.barycentric[i * 3 + j]! / s;
    for (let j = 0; j < 3; j++) {
      const k = i * 3 + j;
      a.logScales[k] = Math.min(init.logScales[k]! + maxGrowth, a.logScales[k]!);
    }
  }
}

function maskedPsnr(
  a: Avatar,
  mesh: Mesh,
  t: ViewTarget,
  cam: Camera,
  background: readonly [number, number, number],
): number {
  const fwd = rasterizeForwardCpu(driveAvatarCpu(a, mesh), cam, { background });
  let se = 0,
    count = 0;
  for (let p = 0; p < t.mask.length; p++) {
    if (!t.mask[p]) continue;
    for (let c = 0; c < 3; c++) {
      const d = Math.min(1, Math.max(0, fwd.targets.rgba[p * 4 + c]!)) - t.rgb[p * 3 + c]!;
      se += d * d;
    }
    count += 3;
  }
  return count ? 10 * Math.log10(1 / Math.max(se / count, 1e-12)) : NaN;
}

function withShDegree(a: Avatar, degree: number): Avatar {
  if (degree === a.shDegree) return a;
  const from = (a.shDegree + 1) ** 2,
    to = (degree + 1) ** 2;
  const sh = new Float32Array(a.count * to * 3);
  for (let i = 0; i < a.count; i++) sh.set(a.sh.subarray(i * from * 3, (i + 1) * from * 3), i * to * 3);
  return { ...a, shDegree: degree, sh };
}

const PER_GAUSSIAN = {
  triangle: 1,
  barycentric: 3,
  normalOffset: 1,
  logScales: 3,
  rotations: 4,
  logitOpacities: 1,
} as const;

function subset(a: Avatar, idx: readonly number[]): Avatar {
  const shStride = (a.shDegree + 1) ** 2 * 3;
  const pick = <T extends Float32Array | Uint32Array>(src: T, k: number): T => {
    const out = new (src.constructor as new (n: number) => T)(idx.length * k);
    idx.forEach((i, j) => out.set(src.subarray(i * k, i * k + k), j * k));
    return out;
  };
  return {
    ...a,
    count: idx.length,
    triangle: pick(a.triangle, PER_GAUSSIAN.triangle),
    barycentric: pick(a.barycentric, PER_GAUSSIAN.barycentric),
    normalOffset: pick(a.normalOffset, PER_GAUSSIAN.normalOffset),
    logScales: pick(a.logScales, PER_GAUSSIAN.logScales),
    rotations: pick(a.rotations, PER_GAUSSIAN.rotations),
    logitOpacities: pick(a.logitOpacities, PER_GAUSSIAN.logitOpacities),
    sh: pick(a.sh, shStride),
    ...(a.extras
      ? { extras: Object.fromEntries(Object.entries(a.extras).map(([k, v]) => [k, pick(v, 1)])) }
      : {}),
  };
}

/** The full avatar with the optimised subset written back (new arrays: the input is never changed). */
function scatter(full: Avatar, idx: readonly number[], part: Avatar): Avatar {
  const shStride = (full.shDegree + 1) ** 2 * 3;
  const put = (src: Float32Array, k: number, into: Float32Array): Float32Array => {
    const out = into.slice();
    idx.forEach((i, j) => out.set(src.subarray(j * k, j * k + k), i * k));
    return out;
  };
  return {
    ...full,
    barycentric: put(part.barycentric, 3, full.barycentric),
    normalOffset: put(part.normalOffset, 1, full.normalOffset),
    logScales: put(part.logScales, 3, full.logScales),
    rotations: put(part.rotations, 4, full.rotations),
    logitOpacities: put(part.logitOpacities, 1, full.logitOpacities),
    sh: put(part.sh, shStride, full.sh),
  };
}
