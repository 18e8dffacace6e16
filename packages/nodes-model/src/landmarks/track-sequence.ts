import { boxIoU, detectCascade, type CascadeOptions, type DetectionStep } from './detect-cascade.js';
import { chooseFace } from './choose-face.js';
import { IBUG68_COUNT } from './ibug68.js';
import type { LandmarkBackend, Rgba8 } from './landmark-backend.js';

export interface SequenceOptions extends CascadeOptions {
  /** A detector pass every this many frames checks that the track still sits on the face. */
  readonly redetectEvery: number;
}

export type FrameSource = 'detected' | 'tracked' | 'lost';

export interface TrackedSequence {
  /** [68 * 2] px per frame; a lost frame holds its nearest tracked neighbour's points. */
  readonly points: Float32Array[];
  /** [4] x, y, w, h px per frame: the box the landmark net read. */
  readonly boxes: Float32Array[];
  readonly source: FrameSource[];
  /** Detector passes of the first detection (the cascade), then one entry per later re-detection. */
  readonly steps: DetectionStep[][];
  /** Frames where a re-detection moved the track (it had drifted off the face). */
  readonly corrected: number[];
}

/** Where the detector's box sits relative to the bounding box of its 68 points, kept per detection. */
export interface BoxShape {
  dx: number;
  dy: number;
  sw: number;
  sh: number;
}

function pointsBounds(p: Float32Array): [number, number, number, number] {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (let i = 0; i < IBUG68_COUNT; i++) {
    x0 = Math.min(x0, p[2 * i]!);
    x1 = Math.max(x1, p[2 * i]!);
    y0 = Math.min(y0, p[2 * i + 1]!);
    y1 = Math.max(y1, p[2 * i + 1]!);
  }
  return [x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0)];
}

function shapeOf(box: Float32Array, points: Float32Array): BoxShape {
  const [x, y, w, h] = pointsBounds(points);
  return { dx: (box[0]! - x) / w, dy: (box[1]! - y) / h, sw: box[2]! / w, sh: box[3]! / h };
}

function boxFrom(points: Float32Array, s: BoxShape): Float32Array {
  const [x, y, w, h] = pointsBounds(points);
  return new Float32Array([x + s.dx * w, y + s.dy * h, s.sw * w, s.sh * h]);
}

/** A step the landmark net cannot have made between two frames: the face jumped or changed size. */
function implausibleStep(prev: Float32Array, next: Float32Array): boolean {
  const [px, py, pw, ph] = pointsBounds(prev);
  const [nx, ny, nw, nh] = pointsBounds(next);
  const size = Math.sqrt(pw * ph);
  const ratio = Math.sqrt(nw * nh) / size;
  const shift = Math.hypot(nx + nw / 2 - (px + pw / 2), ny + nh / 2 - (py + ph / 2));
  return ratio < 0.75 || ratio > 1.33 || shift > 0.35 * size;
}

const PATCH = 16;

/** The box's content as a 16 x 16 grey patch, zero-mean and unit-norm (all zeros when flat). */
function facePatch(img: Rgba8, box: Float32Array): Float32Array {
  const out = new Float32Array(PATCH * PATCH);
  let mean = 0;
  for (let j = 0; j < PATCH; j++)
    for (let i = 0; i < PATCH; i++) {
      const x = Math.min(img.width - 1, Math.max(0, Math.floor(box[0]! + ((i + 0.5) / PATCH) * box[2]!)));
      const y = Math.min(img.height - 1, Math.max(0, Math.floor(box[1]! + ((j + 0.5) / PATCH) * box[3]!)));
      const o = (y * img.width + x) * 4;
      const v = 0.299 * img.data[o]! + 0.587 * img.data[o + 1]! + 0.114 * img.data[o + 2]!;
      out[j * PATCH + i] = v;
      mean += v;
    }
  mean /= out.length;
  let norm = 0;
  for (let k = 0; k < out.length; k++) {
    out[k] = out[k]! - mean;
    norm += out[k]! * out[k]!;
  }
  if (norm < 1e-6 * out.length) return out.fill(0);
  const inv = 1 / Math.sqrt(norm);
  for (let k = 0; k < out.length; k++) out[k] = out[k]! * inv;
  return out;
}

/** Normalised cross-correlation of two patches, in [-1, 1]; 0 when either is flat. */
function similarity(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let k = 0; k < a.length; k++) d += a[k]! * b[k]!;
  return d;
}

/**
 * Below this the face box's content changed more than a face does in one frame (a cut, the face
 * leaving): the landmark net would still place a face there, so the detector decides.
 */
const MIN_PATCH_SIMILARITY = 0.6;

/**
 * The forward pass after one frame: what it found there and the state the next frame starts from.
 * Plain data (structured-cloneable), so a run can keep it and a later run over the same first frames
 * resume from it with results identical to tracking them again.
 */
export interface TrackStep {
  readonly points: Float32Array | undefined;
  readonly box: Float32Array | undefined;
  readonly source: FrameSource;
  /** Detector passes run on this frame. */
  readonly steps: DetectionStep[][];
  /** A re-detection moved the track here. */
  readonly corrected: boolean;
  /** State after this frame: the box shape of the last detection, and that detection's frame. */
  readonly shape: BoxShape | undefined;
  readonly lastDetection: number;
}

/** Resuming the forward pass from steps an earlier run kept, and keeping the new ones. */
export interface TrackResume {
  /** The steps of frames 0..k-1 from a run whose first k frames (and options) were these. */
  readonly kept?: readonly TrackStep[];
  /** Called with each step the tracker computed (not with the kept ones). */
  readonly onStep?: (index: number, step: TrackStep) => void;
}

/**
 * Landmarks through a sequence of frames of one face: the detector cascade until a face is found,
 * then the landmark net alone on a box predicted from the previous frame's points (about 4x faster
 * than detecting every frame), a fast detector pass every `redetectEvery` frames (and whenever the
 * points jump) to catch drift, and a backward pass for frames before the first detection. With
 * `resume.kept` the forward pass starts after the kept frames, from the state they ended in.
 */
export async function trackSequence(
  backend: LandmarkBackend,
  frames: readonly Rgba8[],
  options: SequenceOptions,
  onFrame: (index: number) => void = () => {},
  resume: TrackResume = {},
): Promise<TrackedSequence> {
  const n = frames.length;
  const points: (Float32Array | undefined)[] = new Array(n).fill(undefined);
  const boxes: (Float32Array | undefined)[] = new Array(n).fill(undefined);
  const source: FrameSource[] = new Array(n).fill('lost');
  const steps: DetectionStep[][] = [];
  const corrected: number[] = [];
  let shape: BoxShape | undefined;
  let lastDetection = -Infinity;

  const kept = resume.kept?.slice(0, n) ?? [];
  kept.forEach((k, i) => {
    points[i] = k.points;
    boxes[i] = k.box;
    source[i] = k.source;
    steps.push(...k.steps);
    if (k.corrected) corrected.push(i);
    shape = k.shape;
    lastDetection = k.lastDetection;
  });

  const detectFresh = async (i: number): Promise<boolean> => {
    const r = await detectCascade(backend, frames[i]!, options);
    steps.push(r.steps);
    if (r.faces.length === 0) return false;
    const face = chooseFace(r.faces, options, 'largest');
    shape = shapeOf(face.box, face.points);
    points[i] = face.points;
    boxes[i] = face.box;
    source[i] = 'detected';
    lastDetection = i;
    return true;
  };

  const forward = async (i: number): Promise<void> => {
    const prev = i > 0 ? points[i - 1] : undefined;
    if (!prev || !shape) {
      await detectFresh(i);
      return;
    }
    const box = boxFrom(prev, shape);
    const sameFace =
      similarity(facePatch(frames[i - 1]!, boxes[i - 1]!), facePatch(frames[i]!, box)) >=
      MIN_PATCH_SIMILARITY;
    const p = sameFace ? await backend.landmarksIn(frames[i]!, box) : prev;
    let drifted = !sameFace || implausibleStep(prev, p);
    if (!drifted && i - lastDetection >= options.redetectEvery) {
      // The fast detector alone: on a face it already tracks, a miss is no reason to drop it.
      const r = await detectCascade(backend, frames[i]!, { ...options, detector: 'tiny' });
      steps.push(r.steps);
      lastDetection = i;
      let match: (typeof r.faces)[number] | undefined;
      for (const f of r.faces) if (boxIoU(f.box, box) >= 0.3 && (!match || f.score > match.score)) match = f;
      if (match) {
        // Re-anchor on the detection: the net's small biases on its own boxes add up over frames.
        shape = shapeOf(match.box, match.points);
        points[i] = match.points;
        boxes[i] = match.box;
        source[i] = 'detected';
        return;
      }
      drifted = r.faces.length > 0;
    }
    if (drifted) {
      if (await detectFresh(i)) corrected.push(i);
    } else {
      points[i] = p;
      boxes[i] = box;
      source[i] = 'tracked';
    }
  };

  for (let i = kept.length; i < n; i++) {
    const stepsBefore = steps.length;
    await forward(i);
    resume.onStep?.(i, {
      points: points[i],
      box: boxes[i],
      source: source[i]!,
      steps: steps.slice(stepsBefore),
      corrected: corrected.at(-1) === i,
      shape,
      lastDetection,
    });
    onFrame(i);
  }

  // Frames before the first face: tracked backwards from it.
  const first = source.findIndex((s) => s !== 'lost');
  if (first > 0 && shape) {
    for (let i = first - 1; i >= 0; i--) {
      const box = boxFrom(points[i + 1]!, shape);
      if (
        similarity(facePatch(frames[i + 1]!, boxes[i + 1]!), facePatch(frames[i]!, box)) <
        MIN_PATCH_SIMILARITY
      )
        break;
      const p = await backend.landmarksIn(frames[i]!, box);
      if (implausibleStep(points[i + 1]!, p)) break;
      points[i] = p;
      boxes[i] = box;
      source[i] = 'tracked';
    }
  }
  // Lost frames borrow the nearest tracked frame's points (the fit gives them no weight).
  const filled = fillFromNearest(points);
  const filledBoxes = fillFromNearest(boxes);
  return { points: filled, boxes: filledBoxes, source, steps, corrected };
}

function fillFromNearest(values: (Float32Array | undefined)[]): Float32Array[] {
  const n = values.length;
  const out: Float32Array[] = new Array(n);
  let last: number | undefined;
  const nextKnown = new Array<number | undefined>(n);
  for (let i = n - 1, k: number | undefined = undefined; i >= 0; i--) {
    if (values[i]) k = i;
    nextKnown[i] = k;
  }
  for (let i = 0; i < n; i++) {
    if (values[i]) last = i;
    const a = last,
      b = nextKnown[i];
    const from = a === undefined ? b : b === undefined ? a : i - a <= b - i ? a : b;
    out[i] = from === undefined ? new Float32Array(0) : values[from]!;
  }
  return out;
}
