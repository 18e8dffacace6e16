import { rodrigues } from '@ffavatar/core/geometry';
import { MEDIAPIPE478, type Camera, type HeadModel } from '@ffavatar/core';
import { cholesky, choleskySolve, symmetrize } from './dense.js';
import { landmarkBasis, type LandmarkBasis } from './landmark-basis.js';
import { defaultLandmarkOffsets } from './ict-landmark-offsets.js';
import { mediapipeEmbedding, type DenseEmbedding } from './ict-mediapipe-embedding.js';

/** One image's observation: 2D landmarks in pixels (iBUG-68 order) and the image size. */
export interface LandmarkObservation {
  width: number;
  height: number;
  /** [L, 2] pixels. */
  points: Float32Array;
  /** [L] in [0, 1]; absent = all 1. */
  confidence?: Float32Array;
  /** The photo's EXIF FocalLengthIn35mmFilm, if it had one: centres a tight focal prior. */
  focal35mm?: number;
  /** Dense landmarks of the same face (scheme mediapipe478: [478, 2] px, confidence [478]), if detected. */
  dense?: { points: Float32Array; confidence?: Float32Array };
}

export interface FitOptions {
  /** Identity modes fitted (the first ones); landmarks cannot resolve more than a few dozen. */
  identityModes?: number;
  /** Levenberg-Marquardt iterations of the full stage. */
  iterations?: number;
  /**
   * Prior weights (px^2 per unit^2 of coefficient; every pixel figure of the fit's cost is in
   * reference pixels, a face of REFERENCE_FACE_PX): larger keeps coefficients near 0. The defaults
   * suit detected landmarks, whose systematic offsets from the model's landmark vertices weaker
   * priors would turn into spurious expressions; exact synthetic landmarks fit best with ~1 and ~0.1.
   */
  identityPrior?: number;
  expressionPrior?: number;
  /**
   * Prior on log focal length around its centre (px^2 per unit^2 of log f): the portrait prior
   * (`PORTRAIT_FOCAL_35MM`) or `focalGuess`. The default 5 is a log-sigma of 0.45 (x/ 1.57): it
   * spans a phone's 26 mm to a 135 mm portrait lens at under 2 sigma.
   */
  focalPrior?: number;
  /** Prior weight when the photo's EXIF gives its 35 mm-equivalent focal length (default 100, log-sigma 0.1). */
  exifFocalPrior?: number;
  /** Prior centre (and start) of the focal length in pixels, every image; default the portrait prior. */
  focalGuess?: number;
  fitFocal?: boolean;
  /**
   * One focal length per camera (default): images of the same size (and the same EXIF focal, if
   * any) share it, so every view constrains it. false: each image has its own.
   */
  sharedFocal?: boolean;
  /**
   * Coarse-to-fine search over focal length before the continuous fit (default on): a fit at each
   * of 7 focal lengths from 0.3x to 3.3x the prior centre, then halfway steps around the best.
   * Landmarks alone leave focal and depth nearly interchangeable, so LM from one guess stops in
   * the flat valley wherever the start put it; the profile of the cost over focal does not.
   */
  focalSearch?: boolean;
  /**
   * L1 prior on unit-range (ICT) expression weights, px^2 per unit of weight: the weights are
   * non-negative and mostly zero on any one face, so a constant pull towards 0 (an exponential
   * prior) keeps a weight at exactly 0 unless the landmarks ask for more than this.
   */
  expressionSparsity?: number;
  /**
   * Per-landmark offsets [L, 3] (model space, metres) added to the model's landmark vertices: a
   * calibration of the embedding to a detector's definitions. Default: the measured table for
   * ICT-FaceKit with 68 points (ict-landmark-offsets.ts), none for other models; pass an empty
   * array for none.
   */
  landmarkOffsets?: Float32Array;
  /** Cauchy scale in (reference) pixels: residuals much larger than this count as outliers. */
  robustScale?: number;
  /** Weight of the 17 jaw-contour points, whose surface correspondence slides with pose. */
  contourWeight?: number;
  /** A known identity [I] (e.g. from earlier photos of the subject): held fixed, not fitted. */
  identity?: Float32Array;
  /**
   * Weight of each dense (mediapipe478) point against one of the 68, where observations carry them
   * and the model has a dense embedding (ict-mediapipe-embedding.ts); 0 ignores them. The 478 points
   * are not independent (neighbours share the net's errors), so each counts for less than a sparse
   * one. Measured: on franck.mp4 (pnpm eval:video, photometric, held-out frames) 0.2 beats 0 by
   * 0.25-0.5 dB and the laugh by ~1 dB, 0.5 is no better; the synthetic eval gains 0.7-0.8 dB. The
   * 68 points' own error on real photos rises (1.2 -> 5.6 px at 0.2) where the two nets define the
   * face outline differently; the renders say the mesh's definition is the better one.
   */
  denseWeight?: number;
  /** The dense embedding to use instead of the model's table (the tool that builds it scores candidates). */
  denseEmbedding?: DenseEmbedding;
  /**
   * A video's previous frame, for fitting one frame: the fit starts from its camera and expression
   * and pulls the expression towards it with `weight` (px^2 per unit^2, on top of the pull towards
   * 0). Landmarks that move (a blink moves 12 eyelid points by several pixels) outweigh it easily;
   * what it removes is the frame-to-frame flicker of weights the landmarks barely see.
   */
  previous?: { camera: Camera; expression: Float32Array; weight: number };
}

/** How a fitted focal length came about, and how sure the fit is of it. */
export interface FocalEstimate {
  /** Pixels. */
  focal: number;
  /**
   * Standard deviation of log focal (about the relative error), from the curvature of the cost at
   * the optimum with every other unknown optimised out (Laplace), landmark noise set to the fit's
   * own residual level; at most the prior's when landmarks say nothing.
   */
  sigma: number;
  /** focal x/ exp(sigma): the 1-sigma range, pixels. */
  low: number;
  high: number;
  /** 35 mm-equivalent of `focal` (on the image diagonal). */
  focal35mm: number;
  /** What the prior was centred on. */
  prior: 'exif' | 'portrait' | 'guess' | 'fixed';
  /** Index of the shared focal this image uses (images with equal size and EXIF share one); -1: fitted alone. */
  group: number;
}

export interface FitResult {
  cameras: Camera[];
  /** [I] over the model's full identity dimension (modes past `identityModes` are 0). */
  identity: Float32Array;
  expressions: Float32Array[];
  /** Mean reprojection error per image, pixels (all landmarks, unweighted). */
  errors: number[];
  iterations: number;
  /** Per image. */
  focal: FocalEstimate[];
  /** Per image: expression weights above 0.5 (unit-range models), the sign of over-fitted expressions. */
  saturated: number[];
}

/**
 * Centre of the portrait focal prior, 35 mm-equivalent millimetres. Portraits are taken from a
 * phone's main camera (24-28 mm) through 50-85 mm portrait modes to 85-135 mm portrait lenses;
 * 55 mm is about their geometric middle and the classic "normal" lens.
 */
const PORTRAIT_FOCAL_35MM = 55;
/** Diagonal of the 35 mm frame (36 x 24 mm): 35 mm-equivalent focal lengths are on the diagonal. */
const FRAME_DIAGONAL_MM = Math.hypot(36, 24);

/** A 35 mm-equivalent focal length in pixels of a width x height image. */
function focalFrom35mm(focal35mm: number, width: number, height: number): number {
  return (focal35mm / FRAME_DIAGONAL_MM) * Math.hypot(width, height);
}

interface ImageState {
  obs: LandmarkObservation;
  R: Float64Array;
  t: Float64Array;
  psi: Float64Array;
  /** Which entry of the shared log focal lengths this image uses. */
  group: number;
  /** A video's previous frame: its expression and the pull towards it. */
  temporal?: { psi: Float64Array; weight: number };
  /** (face size / REFERENCE_FACE_PX)^2: residuals count in reference pixels (see faceScale). */
  scale2: number;
}

const DEFAULTS: Required<
  Omit<FitOptions, 'focalGuess' | 'identity' | 'landmarkOffsets' | 'denseEmbedding' | 'previous'>
> = {
  identityModes: 24,
  iterations: 60,
  identityPrior: 10,
  expressionPrior: 2,
  focalPrior: 5,
  exifFocalPrior: 100,
  fitFocal: true,
  sharedFocal: true,
  focalSearch: true,
  expressionSparsity: 4,
  robustScale: 4,
  contourWeight: 0.5,
  denseWeight: 0.2,
};

/**
 * Fits per-image cameras (rotation, translation) and expressions, one focal length per camera and
 * one shared identity, to 2D landmarks by Levenberg-Marquardt: residuals in pixels with Cauchy
 * weights (a few bad landmarks do not drag the fit), Gaussian priors on identity, expression and
 * log focal length, an L1 prior and the [0, 1] bounds on ICT expression weights. The focal length
 * is found by a coarse-to-fine search over its profile before the continuous fit. The normal
 * equations are solved by eliminating each image's block first (Schur complement; identity and
 * focal lengths are the shared unknowns), so cost grows linearly with the number of images.
 * The head stays at the model origin; the camera carries the pose (OpenCV, world-to-camera).
 */
export function fitLandmarks(
  model: HeadModel,
  observations: readonly LandmarkObservation[],
  options: FitOptions = {},
): FitResult {
  const opts = { ...DEFAULTS, ...options };
  if (observations.length === 0) throw new Error('fitLandmarks: no images');
  const sparse = sparseOnly(model, observations, options.landmarkOffsets);
  const withDense =
    opts.denseWeight > 0
      ? denseLandmarks(
          model,
          observations,
          sparse.offsets,
          options.denseEmbedding ?? mediapipeEmbedding(model),
        )
      : undefined;
  const fitted = withDense ?? sparse;
  observations = fitted.observations;
  const basis = landmarkBasis(
    fitted.model,
    opts.identityModes,
    fitted.offsets.length > 0 ? fitted.offsets : undefined,
  );
  const sparseCount = model.landmarks?.count ?? 0;
  const unit = model.expressionRange === 'unit';
  const priors = focalPriors(observations, opts);
  const ctx: Ctx = {
    basis,
    opts,
    unit,
    priors,
    fixedIdentity: !!options.identity,
    weights: landmarkWeights(basis.count, sparseCount, opts, fitted.denseIds),
  };
  const beta = new Float64Array(basis.identityModes);
  if (options.identity) beta.set(options.identity.subarray(0, basis.identityModes));
  const logf = Float64Array.from(priors.groups, (g) => g.centre);
  let states = observations.map((obs, i) =>
    initialState(basis, obs, priors.groupOf[i]!, Math.exp(logf[priors.groupOf[i]!]!), sparseCount),
  );
  const previous = options.previous;
  if (previous) {
    if (observations.length !== 1) throw new Error('fitLandmarks: `previous` is for fitting one frame');
    const s = states[0]!;
    s.R.set(previous.camera.rotation);
    s.t.set(previous.camera.translation);
    s.psi.set(previous.expression.subarray(0, s.psi.length));
    s.temporal = { psi: Float64Array.from(s.psi), weight: previous.weight };
  }
  let iterations = 0;
  // A video frame whose face was lost (every landmark at confidence 0): hold the previous frame
  // rather than let the priors alone pull its expression towards neutral.
  const seen = observations[0]!.confidence;
  const hold = !!previous && !!seen && !seen.some((c) => c > 0);

  if (hold) {
    // Nothing to fit.
  } else if (opts.fitFocal && opts.focalSearch && !previous) {
    // Profile the cost over one common factor on every group's prior centre; each point is a
    // whole fit with focal fixed, so identity and expression cannot hide a wrong focal behind a
    // cheaper one. Coarse: 7 factors 0.4 apart in log f; fine: halfway steps around the best.
    const centre = Float64Array.from(logf);
    const profile = new Map<number, { cost: number; states: ImageState[]; beta: Float64Array }>();
    const at = (d: number) => {
      const key = Math.round(d * 1000);
      const known = profile.get(key);
      if (known) return known;
      const lf = Float64Array.from(centre, (c) => c + d);
      const s = observations.map((obs, i) =>
        initialState(basis, obs, priors.groupOf[i]!, Math.exp(lf[priors.groupOf[i]!]!), sparseCount),
      );
      const b = beta.slice();
      iterations += levenbergMarquardt(ctx, s, b, lf, RIGID, 15);
      iterations += levenbergMarquardt(
        ctx,
        s,
        b,
        lf,
        { expression: true, identity: !ctx.fixedIdentity, focal: false },
        SEARCH_ITERATIONS,
      );
      const result = { cost: totalCost(ctx, s, b, lf, ALL), states: s, beta: b };
      profile.set(key, result);
      return result;
    };
    let best = 0;
    for (let k = -3; k <= 3; k++) if (at(k * 0.4).cost < at(best).cost) best = k * 0.4;
    for (const step of [0.2, 0.1]) {
      for (const d of [best - step, best + step]) if (at(d).cost < at(best).cost) best = d;
    }
    const chosen = at(best);
    states = chosen.states;
    beta.set(chosen.beta);
    for (let g = 0; g < logf.length; g++) logf[g] = centre[g]! + best;
  } else if (!previous) {
    // Pose first (rigid), then everything: a bad start would let expression absorb pose.
    iterations += levenbergMarquardt(ctx, states, beta, logf, RIGID, 15);
  }
  if (!hold)
    iterations += levenbergMarquardt(
      ctx,
      states,
      beta,
      logf,
      { expression: true, identity: !ctx.fixedIdentity, focal: opts.fitFocal },
      opts.iterations,
    );

  const sigmas = focalSigmas(ctx, states, beta, logf, opts.fitFocal);
  const identity = new Float32Array(model.identityCount);
  if (options.identity) identity.set(options.identity.subarray(0, model.identityCount));
  else identity.set(beta);
  return {
    cameras: states.map((s) => toCamera(s, logf)),
    identity,
    expressions: states.map((s) => Float32Array.from(s.psi)),
    errors: states.map((s) => meanError(basis, s, beta, logf, sparseCount)),
    iterations,
    focal: states.map((s) => {
      const f = Math.exp(logf[s.group]!),
        sigma = sigmas[s.group]!;
      return {
        focal: f,
        sigma,
        low: f * Math.exp(-sigma),
        high: f * Math.exp(sigma),
        focal35mm: (f / Math.hypot(s.obs.width, s.obs.height)) * FRAME_DIAGONAL_MM,
        prior: opts.fitFocal ? priors.groups[s.group]!.source : 'fixed',
        group: s.group,
      };
    }),
    saturated: states.map((s) => (unit ? s.psi.filter((w) => w > 0.5).length : 0)),
  };
}

/** LM iterations at each focal length of the search: enough to settle pose and most of the shape. */
const SEARCH_ITERATIONS = 25;

interface FocalGroup {
  centre: number;
  weight: number;
  source: 'exif' | 'portrait' | 'guess';
}

/** Groups images into cameras (size + EXIF focal) and sets each one's prior on log focal. */
function focalPriors(
  observations: readonly LandmarkObservation[],
  opts: typeof DEFAULTS & FitOptions,
): { groups: FocalGroup[]; groupOf: number[] } {
  const groups: FocalGroup[] = [];
  const keys = new Map<string, number>();
  const groupOf = observations.map((o, i) => {
    const exif =
      o.focal35mm !== undefined && Number.isFinite(o.focal35mm) && o.focal35mm > 0 ? o.focal35mm : undefined;
    const key = opts.sharedFocal ? `${o.width}x${o.height}:${exif ?? ''}` : String(i);
    const known = keys.get(key);
    if (known !== undefined) return known;
    // An explicit guess wins over EXIF (the caller knows better), EXIF over the portrait prior.
    const group: FocalGroup =
      opts.focalGuess !== undefined
        ? { centre: Math.log(opts.focalGuess), weight: opts.focalPrior, source: 'guess' }
        : exif !== undefined
          ? {
              centre: Math.log(focalFrom35mm(exif, o.width, o.height)),
              weight: opts.exifFocalPrior,
              source: 'exif',
            }
          : {
              centre: Math.log(focalFrom35mm(PORTRAIT_FOCAL_35MM, o.width, o.height)),
              weight: opts.focalPrior,
              source: 'portrait',
            };
    groups.push(group);
    keys.set(key, groups.length - 1);
    return groups.length - 1;
  });
  return { groups, groupOf };
}

interface Ctx {
  basis: LandmarkBasis;
  /** [L] per-landmark weight before confidence: contours and dense points count for less. */
  weights: Float64Array;
  opts: typeof DEFAULTS & FitOptions;
  unit: boolean;
  priors: { groups: FocalGroup[]; groupOf: number[] };
  fixedIdentity: boolean;
}

interface Free {
  expression: boolean;
  identity: boolean;
  focal: boolean;
}
const RIGID: Free = { expression: false, identity: false, focal: false };
const ALL: Free = { expression: true, identity: true, focal: true };

function initialState(
  basis: LandmarkBasis,
  obs: LandmarkObservation,
  group: number,
  focal: number,
  sparseCount: number,
): ImageState {
  // Facing the camera: model +z (the face) towards the camera, model +y up = image -y.
  const R = new Float64Array([1, 0, 0, 0, -1, 0, 0, 0, -1]);
  const cx = obs.width / 2,
    cy = obs.height / 2;
  // Translation by linear least squares: (u - cx)(z + tz) = f (x + tx), same for v.
  const A = new Float64Array(9),
    b = new Float64Array(3);
  // Points at confidence 0 are not observed (dense points of a photo without them; a video frame
  // whose face was lost carries its neighbour's points at 0, and then those are all there is).
  let observed = 0;
  for (let l = 0; l < basis.count; l++) if (obs.confidence?.[l] !== 0) observed++;
  const useAll = observed < 4;
  for (let l = 0; l < basis.count; l++) {
    if (!useAll && obs.confidence?.[l] === 0) continue;
    const x = basis.mean[l * 3]!,
      y = -basis.mean[l * 3 + 1]!,
      z = -basis.mean[l * 3 + 2]!;
    const du = obs.points[l * 2]! - cx,
      dv = obs.points[l * 2 + 1]! - cy;
    for (const [row, rhs] of [
      [[focal, 0, -du], du * z - focal * x],
      [[0, focal, -dv], dv * z - focal * y],
    ] as const) {
      for (let i = 0; i < 3; i++) {
        b[i] = b[i]! + row[i]! * rhs;
        for (let j = 0; j < 3; j++) A[i * 3 + j] = A[i * 3 + j]! + row[i]! * row[j]!;
      }
    }
  }
  if (!cholesky(A, 3)) throw new Error('fitLandmarks: degenerate landmarks (all in one point?)');
  choleskySolve(A, 3, b);
  if (!(b[2]! > 0)) b[2] = (focal * 0.2) / Math.max(obs.width, obs.height) + 0.5;
  const scale = faceScale(obs, sparseCount);
  return { obs, R, t: b, psi: new Float64Array(basis.expressionModes), group, scale2: scale * scale };
}

/**
 * RMS distance of the face's landmarks from their centroid, pixels, at which one pixel of residual
 * counts as one: the size of a face in the renders (320 px) and portraits the priors and robust
 * scale were tuned on. A face k times larger counts its residuals divided by k, so the priors hold
 * the same relative weight at any resolution: a detector's errors and the model's definition
 * mismatches grow with the face, and in raw pixels a 1,000-px portrait let them outvote every
 * prior: on 31 real stills, weights over 0.2 per photo went from 8.5 to 7.4 with this scaling alone.
 */
const REFERENCE_FACE_PX = 50;

/** A photo's face size relative to REFERENCE_FACE_PX, from its observed sparse landmarks. */
function faceScale(obs: LandmarkObservation, sparseCount: number): number {
  const n = Math.min(sparseCount > 0 ? sparseCount : obs.points.length / 2, obs.points.length / 2);
  let cx = 0,
    cy = 0,
    seen = 0;
  for (let l = 0; l < n; l++) {
    if (obs.confidence?.[l] === 0) continue;
    cx += obs.points[l * 2]!;
    cy += obs.points[l * 2 + 1]!;
    seen++;
  }
  if (seen < 4) return 1;
  cx /= seen;
  cy /= seen;
  let ss = 0;
  for (let l = 0; l < n; l++) {
    if (obs.confidence?.[l] === 0) continue;
    ss += (obs.points[l * 2]! - cx) ** 2 + (obs.points[l * 2 + 1]! - cy) ** 2;
  }
  return Math.max(0.1, Math.sqrt(ss / seen) / REFERENCE_FACE_PX);
}

/** Robust cost of the current state (what LM steps must decrease). */
function totalCost(
  ctx: Ctx,
  states: ImageState[],
  beta: Float64Array,
  logf: Float64Array,
  free: Free,
): number {
  const { basis, opts } = ctx;
  const s2 = opts.robustScale ** 2;
  let cost = 0;
  for (const s of states) {
    forEachResidual(basis, s, beta, logf, (l, ru, rv) => {
      cost += landmarkWeight(ctx, s.obs, l) * 0.5 * s2 * Math.log1p((ru * ru + rv * rv) / (s2 * s.scale2));
    });
    if (free.expression) {
      for (const p of s.psi)
        cost += 0.5 * opts.expressionPrior * p * p + (ctx.unit ? opts.expressionSparsity * p : 0);
      if (s.temporal)
        s.psi.forEach((p, e) => {
          cost += 0.5 * s.temporal!.weight * (p - s.temporal!.psi[e]!) ** 2;
        });
    }
  }
  if (free.focal)
    ctx.priors.groups.forEach((g, k) => {
      cost += 0.5 * g.weight * (logf[k]! - g.centre) ** 2;
    });
  if (free.identity) for (const v of beta) cost += 0.5 * opts.identityPrior * v * v;
  return cost;
}

function landmarkWeight(ctx: Ctx, obs: LandmarkObservation, l: number): number {
  return (obs.confidence ? obs.confidence[l]! : 1) * ctx.weights[l]!;
}

/**
 * The 68 iBUG points' jaw contour (0..16) and the dense face oval are silhouettes, whose surface
 * point slides with pose: contourWeight. Dense points after the first `sparseCount`: denseWeight.
 */
function landmarkWeights(
  count: number,
  sparseCount: number,
  opts: typeof DEFAULTS,
  denseIds: readonly number[] = [],
): Float64Array {
  const w = new Float64Array(count).fill(1);
  if (sparseCount === 68) w.fill(opts.contourWeight, 0, 17);
  const oval = new Set<number>(MEDIAPIPE478.faceOval);
  denseIds.forEach((id, k) => {
    const kept = id < MEDIAPIPE478.meshCount ? DENSE_STRIDE : 1;
    w[sparseCount + k] = opts.denseWeight * kept * (oval.has(id) ? opts.contourWeight : 1);
  });
  return w;
}

interface FitLandmarks {
  model: HeadModel;
  observations: readonly LandmarkObservation[];
  /** [L, 3] metres, or empty. */
  offsets: Float32Array;
  /** The mediapipe478 index of each landmark after the sparse ones. */
  denseIds?: readonly number[];
}

function sparseOnly(
  model: HeadModel,
  observations: readonly LandmarkObservation[],
  landmarkOffsets: Float32Array | undefined,
): FitLandmarks {
  const count = model.landmarks?.count ?? 0;
  observations.forEach((o, i) => {
    if (o.points.length !== count * 2)
      throw new Error(`image ${i}: ${o.points.length / 2} landmarks, the model embeds ${count}`);
  });
  return { model, observations, offsets: landmarkOffsets ?? defaultLandmarkOffsets(model) };
}

/**
 * The model with its dense embedding appended to the sparse one, and each observation's points
 * likewise (a photo without dense points gets them at confidence 0); undefined when no
 * observation has dense points or the model has no dense embedding.
 */
function denseLandmarks(
  model: HeadModel,
  observations: readonly LandmarkObservation[],
  sparseOffsets: Float32Array,
  embedding: DenseEmbedding | undefined,
): FitLandmarks | undefined {
  const sparse = model.landmarks;
  if (!embedding || !sparse || !observations.some((o) => o.dense)) return undefined;
  const S = sparse.count,
    D = embedding.count;
  observations.forEach((o, i) => {
    if (o.dense && o.dense.points.length !== D * 2)
      throw new Error(`image ${i}: ${o.dense.points.length / 2} dense landmarks, the model embeds ${D}`);
  });
  const ids = denseSubset(D);
  const K = ids.length;
  const pick = (from: ArrayLike<number>, width: number, out: Float32Array | Uint32Array, at: number) => {
    ids.forEach((id, k) => {
      for (let c = 0; c < width; c++) out[at + k * width + c] = from[id * width + c]!;
    });
    return out;
  };
  const triangles = new Uint32Array(S + K),
    barycentrics = new Float32Array((S + K) * 3);
  triangles.set(sparse.triangles);
  barycentrics.set(sparse.barycentrics);
  pick(embedding.triangles, 1, triangles, S);
  pick(embedding.barycentrics, 3, barycentrics, S * 3);
  let offsets = new Float32Array(0);
  if (sparseOffsets.length > 0) {
    offsets = new Float32Array((S + K) * 3);
    offsets.set(sparseOffsets);
  }
  return {
    model: {
      ...model,
      landmarks: { scheme: `${sparse.scheme}+${MEDIAPIPE478.scheme}`, count: S + K, triangles, barycentrics },
    },
    observations: observations.map((o) => {
      const points = new Float32Array((S + K) * 2),
        confidence = new Float32Array(S + K);
      points.set(o.points);
      if (o.confidence) confidence.set(o.confidence);
      else confidence.fill(1, 0, S);
      if (o.dense) {
        pick(o.dense.points, 2, points, S * 2);
        if (o.dense.confidence) pick(o.dense.confidence, 1, confidence, S);
        else confidence.fill(1, S);
      }
      return { ...o, points, confidence };
    }),
    offsets,
    denseIds: ids,
  };
}

/**
 * Every DENSE_STRIDE-th mesh point and every iris point. Neighbouring mesh points are ~1 % of the
 * face apart and share the net's errors, so a third of them carries nearly all they say about
 * shape (eval:video within 0.1 dB) at a third of the fit's cost; each counts DENSE_STRIDE times.
 */
const DENSE_STRIDE = 3;
function denseSubset(count: number): number[] {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) if (i % DENSE_STRIDE === 0 || i >= MEDIAPIPE478.meshCount) ids.push(i);
  return ids;
}

/** Calls back with each landmark's residual (projected - observed), pixels. */
function forEachResidual(
  basis: LandmarkBasis,
  s: ImageState,
  beta: Float64Array,
  logf: Float64Array,
  visit: (l: number, ru: number, rv: number, P: Float64Array, a: Float64Array) => void,
): void {
  const X = new Float64Array(3),
    a = new Float64Array(3),
    P = new Float64Array(3);
  const f = Math.exp(logf[s.group]!),
    cx = s.obs.width / 2,
    cy = s.obs.height / 2;
  for (let l = 0; l < basis.count; l++) {
    landmark3d(basis, l, beta, s.psi, X);
    for (let r = 0; r < 3; r++)
      a[r] = s.R[r * 3]! * X[0]! + s.R[r * 3 + 1]! * X[1]! + s.R[r * 3 + 2]! * X[2]!;
    for (let r = 0; r < 3; r++) P[r] = a[r]! + s.t[r]!;
    const z = Math.max(P[2]!, 1e-6);
    visit(
      l,
      (f * P[0]!) / z + cx - s.obs.points[l * 2]!,
      (f * P[1]!) / z + cy - s.obs.points[l * 2 + 1]!,
      P,
      a,
    );
  }
}

function landmark3d(
  basis: LandmarkBasis,
  l: number,
  beta: Float64Array,
  psi: Float64Array,
  out: Float64Array,
): void {
  const I = basis.identityModes,
    E = basis.expressionModes;
  for (let a = 0; a < 3; a++) {
    const row = l * 3 + a;
    let v = basis.mean[row]!;
    for (let k = 0; k < I; k++) v += basis.identity[row * I + k]! * beta[k]!;
    for (let k = 0; k < E; k++) v += basis.expression[row * E + k]! * psi[k]!;
    out[a] = v;
  }
}

/** Mean pixel error of the first `count` landmarks (the sparse ones: comparable with or without dense). */
function meanError(
  basis: LandmarkBasis,
  s: ImageState,
  beta: Float64Array,
  logf: Float64Array,
  count: number,
): number {
  let sum = 0;
  forEachResidual(basis, s, beta, logf, (l, ru, rv) => {
    if (l < count) sum += Math.hypot(ru, rv);
  });
  return sum / count;
}

/** Runs LM on the chosen unknowns; returns the iterations taken. */
function levenbergMarquardt(
  ctx: Ctx,
  states: ImageState[],
  beta: Float64Array,
  logf: Float64Array,
  free: Free,
  maxIterations: number,
): number {
  let mu = 1e-3;
  let cost = totalCost(ctx, states, beta, logf, free);
  let it = 0;
  for (; it < maxIterations; it++) {
    const system = buildSystem(ctx, states, beta, logf, free);
    let accepted = false;
    for (let attempt = 0; attempt < 8 && !accepted; attempt++) {
      const step = solveSchur(system, mu);
      if (!step) {
        mu *= 10;
        continue;
      }
      const saved = states.map((s) => ({ R: s.R.slice(), t: s.t.slice(), psi: s.psi.slice() }));
      const savedBeta = beta.slice(),
        savedLogf = logf.slice();
      applyStep(ctx, states, beta, logf, free, step, system);
      const next = totalCost(ctx, states, beta, logf, free);
      if (next < cost) {
        const gain = cost - next;
        cost = next;
        mu = Math.max(mu / 3, 1e-9);
        accepted = true;
        if (gain < 1e-4 * cost) return it + 1;
      } else {
        states.forEach((s, i) => {
          s.R = saved[i]!.R;
          s.t = saved[i]!.t;
          s.psi = saved[i]!.psi;
        });
        beta.set(savedBeta);
        logf.set(savedLogf);
        mu *= 4;
      }
    }
    if (!accepted) break;
  }
  return it;
}

interface ImageBlock {
  n: number;
  H: Float64Array;
  B: Float64Array;
  g: Float64Array;
}
/** M shared unknowns: I identity modes, then one log focal per group when focal is free. */
interface System {
  blocks: ImageBlock[];
  I: number;
  M: number;
  C: Float64Array;
  gBeta: Float64Array;
}

function blockSize(ctx: Ctx, free: Free): number {
  return 6 + (free.expression ? ctx.basis.expressionModes : 0);
}

/**
 * Gauss-Newton normal equations with IRLS (Cauchy) weights: per-image blocks, their coupling to
 * the shared unknowns, and the shared block. `dataScale` multiplies the landmark terms (1 / noise
 * variance for the Laplace uncertainty; 1 in the fit, which counts residuals in pixels).
 */
function buildSystem(
  ctx: Ctx,
  states: ImageState[],
  beta: Float64Array,
  logf: Float64Array,
  free: Free,
  dataScale = 1,
): System {
  const { basis, opts } = ctx;
  const E = basis.expressionModes;
  const I = free.identity && !ctx.fixedIdentity ? basis.identityModes : 0;
  const G = free.focal ? logf.length : 0;
  const M = I + G;
  const n = blockSize(ctx, free);
  const C = new Float64Array(M * M),
    gBeta = new Float64Array(M);
  const s2 = opts.robustScale ** 2;
  const jc = new Float64Array(n),
    jb = new Float64Array(M);
  const blocks = states.map((s) => {
    const H = new Float64Array(n * n),
      B = new Float64Array(n * M),
      g = new Float64Array(n);
    const f = Math.exp(logf[s.group]!);
    const fcol = I + s.group;
    forEachResidual(basis, s, beta, logf, (l, ru, rv, P, a) => {
      const w = (dataScale * landmarkWeight(ctx, s.obs, l)) / (s.scale2 + (ru * ru + rv * rv) / s2);
      const z = Math.max(P[2]!, 1e-6),
        iz = 1 / z;
      for (const axis of [0, 1] as const) {
        const r = axis === 0 ? ru : rv;
        // d(u or v)/dP
        const d0 = axis === 0 ? f * iz : 0,
          d1 = axis === 0 ? 0 : f * iz,
          d2 = -f * P[axis]! * iz * iz;
        // rotation (left perturbation): dP/dw = -[a]x
        jc[0] = d2 * a[1]! - d1 * a[2]!;
        jc[1] = d0 * a[2]! - d2 * a[0]!;
        jc[2] = d1 * a[0]! - d0 * a[1]!;
        jc[3] = d0;
        jc[4] = d1;
        jc[5] = d2;
        let k = 6;
        // Model-space gradient: (d/dP) R, then dot with basis columns.
        const gx = d0 * s.R[0]! + d1 * s.R[3]! + d2 * s.R[6]!;
        const gy = d0 * s.R[1]! + d1 * s.R[4]! + d2 * s.R[7]!;
        const gz = d0 * s.R[2]! + d1 * s.R[5]! + d2 * s.R[8]!;
        const row = l * 3;
        if (free.expression) {
          for (let e = 0; e < E; e++) {
            jc[k++] =
              gx * basis.expression[row * E + e]! +
              gy * basis.expression[(row + 1) * E + e]! +
              gz * basis.expression[(row + 2) * E + e]!;
          }
        }
        for (let q = 0; q < I; q++) {
          jb[q] =
            gx * basis.identity[row * basis.identityModes + q]! +
            gy * basis.identity[(row + 1) * basis.identityModes + q]! +
            gz * basis.identity[(row + 2) * basis.identityModes + q]!;
        }
        if (G > 0) {
          jb.fill(0, I);
          jb[fcol] = f * P[axis]! * iz;
        }
        for (let p = 0; p < n; p++) {
          const wp = w * jc[p]!;
          if (wp === 0) continue;
          g[p] = g[p]! + wp * r;
          for (let q = p; q < n; q++) H[p * n + q] = H[p * n + q]! + wp * jc[q]!;
          for (let q = 0; q < M; q++) B[p * M + q] = B[p * M + q]! + wp * jb[q]!;
        }
        for (let p = 0; p < M; p++) {
          const wp = w * jb[p]!;
          if (wp === 0) continue;
          gBeta[p] = gBeta[p]! + wp * r;
          for (let q = p; q < M; q++) C[p * M + q] = C[p * M + q]! + wp * jb[q]!;
        }
      }
    });
    symmetrize(H, n);
    // Priors: expressions towards 0 (quadratic, plus L1 on unit-range weights).
    if (free.expression) {
      for (let e = 0, k = 6; e < E; e++, k++) {
        H[k * n + k] = H[k * n + k]! + opts.expressionPrior;
        g[k] = g[k]! + opts.expressionPrior * s.psi[e]! + (ctx.unit ? opts.expressionSparsity : 0);
        if (s.temporal) {
          H[k * n + k] = H[k * n + k]! + s.temporal.weight;
          g[k] = g[k]! + s.temporal.weight * (s.psi[e]! - s.temporal.psi[e]!);
        }
        // Active set: a weight held at a bound by its gradient stays out of this step. Clamping a
        // full Gauss-Newton step instead spoils it, and LM then crawls with heavy damping.
        const atBound = ctx.unit && ((s.psi[e]! <= 0 && g[k]! > 0) || (s.psi[e]! >= 1 && g[k]! < 0));
        if (atBound) freeze(H, B, g, n, M, k);
      }
    }
    return { n, H, B, g };
  });
  symmetrize(C, M);
  for (let q = 0; q < I; q++) {
    C[q * M + q] = C[q * M + q]! + opts.identityPrior;
    gBeta[q] = gBeta[q]! + opts.identityPrior * beta[q]!;
  }
  ctx.priors.groups.forEach((grp, k) => {
    if (k >= G) return;
    const q = I + k;
    C[q * M + q] = C[q * M + q]! + grp.weight;
    gBeta[q] = gBeta[q]! + grp.weight * (logf[k]! - grp.centre);
  });
  return { blocks, I, M, C, gBeta };
}

/** Removes unknown k from a block's system: zero row and column, unit diagonal, no gradient. */
function freeze(H: Float64Array, B: Float64Array, g: Float64Array, n: number, M: number, k: number): void {
  for (let j = 0; j < n; j++) {
    H[k * n + j] = 0;
    H[j * n + k] = 0;
  }
  H[k * n + k] = 1;
  for (let q = 0; q < M; q++) B[k * M + q] = 0;
  g[k] = 0;
}

interface Step {
  perImage: Float64Array[];
  shared: Float64Array;
}

/** The shared unknowns' normal matrix with every image block eliminated (Schur complement), damped by mu. */
function reducedSystem(
  system: System,
  mu: number,
): { S: Float64Array; rhs: Float64Array; factors: { Y: Float64Array; y: Float64Array }[] } | null {
  const { M } = system;
  const S = system.C.slice();
  const rhs = Float64Array.from(system.gBeta, (v) => -v);
  for (let q = 0; q < M; q++) S[q * M + q] = S[q * M + q]! * (1 + mu) + 1e-12;
  const factors: { Y: Float64Array; y: Float64Array }[] = [];
  for (const b of system.blocks) {
    const n = b.n;
    const L = b.H.slice();
    for (let p = 0; p < n; p++) L[p * n + p] = L[p * n + p]! * (1 + mu) + 1e-12;
    if (!cholesky(L, n)) return null;
    const y = b.g.slice();
    choleskySolve(L, n, y);
    const Y = b.B.slice();
    for (let q = 0; q < M; q++) choleskySolve(L, n, Y, q, M);
    // S -= B^T Y ; rhs += B^T y
    for (let p = 0; p < M; p++) {
      let acc = 0;
      for (let k = 0; k < n; k++) acc += b.B[k * M + p]! * y[k]!;
      rhs[p] = rhs[p]! + acc;
      for (let q = 0; q < M; q++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += b.B[k * M + p]! * Y[k * M + q]!;
        S[p * M + q] = S[p * M + q]! - s;
      }
    }
    factors.push({ Y, y });
  }
  return { S, rhs, factors };
}

/** Damped solve: (H + mu diag(H)) d = -g, eliminating each image's block first. */
function solveSchur(system: System, mu: number): Step | null {
  const { M } = system;
  const reduced = reducedSystem(system, mu);
  if (!reduced) return null;
  const { S, rhs: dShared, factors } = reduced;
  if (M > 0) {
    if (!cholesky(S, M)) return null;
    choleskySolve(S, M, dShared);
  }
  const perImage = system.blocks.map((b, i) => {
    const { Y, y } = factors[i]!;
    const d = new Float64Array(b.n);
    for (let k = 0; k < b.n; k++) {
      let s = -y[k]!;
      for (let q = 0; q < M; q++) s -= Y[k * M + q]! * dShared[q]!;
      d[k] = s;
    }
    return d;
  });
  return { perImage, shared: dShared };
}

/**
 * Standard deviation of each group's log focal: the Laplace approximation, i.e. the inverse of the
 * reduced normal matrix (every pose, expression and identity unknown eliminated), with landmark
 * terms divided by the fit's residual variance per coordinate (at least 0.5 px, the detector's
 * floor) instead of the fit's 1 px^2.
 */
function focalSigmas(
  ctx: Ctx,
  states: ImageState[],
  beta: Float64Array,
  logf: Float64Array,
  fitted: boolean,
): number[] {
  if (!fitted) return Array.from(logf, () => 0);
  const s2 = ctx.opts.robustScale ** 2;
  let weighted = 0,
    weights = 0,
    count = 0;
  for (const s of states) {
    forEachResidual(ctx.basis, s, beta, logf, (l, ru, rv) => {
      const w = landmarkWeight(ctx, s.obs, l) / (s.scale2 + (ru * ru + rv * rv) / s2);
      weighted += w * (ru * ru + rv * rv);
      weights += 2 * landmarkWeight(ctx, s.obs, l);
      count += 2;
    });
  }
  const system0 = buildSystem(ctx, states, beta, logf, ALL);
  const unknowns = system0.M + system0.blocks.reduce((a, b) => a + b.n, 0);
  const variance = Math.max(
    0.25,
    (weighted / Math.max(weights, 1e-9)) * (count / Math.max(1, count - unknowns)),
  );
  const system = buildSystem(ctx, states, beta, logf, ALL, 1 / variance);
  const reduced = reducedSystem(system, 0);
  const { M, I } = system;
  if (!reduced || !cholesky(reduced.S, M)) return ctx.priors.groups.map((g) => 1 / Math.sqrt(g.weight));
  return ctx.priors.groups.map((_g, k) => {
    const e = new Float64Array(M);
    e[I + k] = 1;
    choleskySolve(reduced.S, M, e);
    return Math.sqrt(Math.max(0, e[I + k]!));
  });
}

function applyStep(
  ctx: Ctx,
  states: ImageState[],
  beta: Float64Array,
  logf: Float64Array,
  free: Free,
  step: Step,
  system: System,
): void {
  const rot = new Float64Array(9),
    next = new Float64Array(9);
  states.forEach((s, i) => {
    const d = step.perImage[i]!;
    rodrigues(d[0]!, d[1]!, d[2]!, rot);
    for (let r = 0; r < 3; r++)
      for (let c = 0; c < 3; c++) {
        next[r * 3 + c] =
          rot[r * 3]! * s.R[c]! + rot[r * 3 + 1]! * s.R[3 + c]! + rot[r * 3 + 2]! * s.R[6 + c]!;
      }
    s.R = next.slice();
    for (let a = 0; a < 3; a++) s.t[a] = s.t[a]! + d[3 + a]!;
    if (free.expression) {
      // Unit-range weights: move each as far as the step says but stop at the bound (a projected
      // step); a weight that lands there joins the active set on the next iteration.
      for (let e = 0, k = 6; e < s.psi.length; e++, k++) {
        const v = s.psi[e]! + d[k]!;
        s.psi[e] = ctx.unit ? Math.min(1, Math.max(0, v)) : v;
      }
    }
  });
  for (let q = 0; q < system.I; q++) beta[q] = beta[q]! + step.shared[q]!;
  for (let k = 0; k < system.M - system.I; k++) logf[k] = logf[k]! + step.shared[system.I + k]!;
}

function toCamera(s: ImageState, logf: Float64Array): Camera {
  const f = Math.exp(logf[s.group]!);
  return {
    width: s.obs.width,
    height: s.obs.height,
    fx: f,
    fy: f,
    cx: s.obs.width / 2,
    cy: s.obs.height / 2,
    rotation: Float64Array.from(s.R),
    translation: Float64Array.from(s.t),
  };
}
