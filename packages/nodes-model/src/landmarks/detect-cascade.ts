import type { DetectOptions, FaceDetection, LandmarkBackend, Rgba8 } from './landmark-backend.js';

export type DetectorChoice = 'auto' | 'tiny' | 'ssd';

/** One detector pass of a cascade, as the report lists it (a type, not an interface: it is JSON). */
export type DetectionStep = {
  readonly detector: 'tiny' | 'ssd';
  /** The tiny detector's input size; absent for ssd. */
  readonly inputSize?: number;
  /** Tiles the image was cut into for this pass (1: the whole image). */
  readonly tiles: number;
  readonly faces: number;
  readonly ms: number;
};

export interface CascadeOptions {
  readonly detector: DetectorChoice;
  readonly minConfidence: number;
  readonly inputSize: number;
}

export interface CascadeResult {
  readonly faces: FaceDetection[];
  readonly steps: DetectionStep[];
}

/**
 * `auto` tries the fast detector, then the accurate one, then the fast one on four overlapping
 * tiles (each face 1.7x larger to the detector: the small faces of group photos), stopping at the
 * first pass that finds a face. A named detector runs alone. Every pass is recorded.
 */
export async function detectCascade(
  backend: LandmarkBackend,
  image: Rgba8,
  options: CascadeOptions,
): Promise<CascadeResult> {
  const steps: DetectionStep[] = [];
  const pass = async (detector: 'tiny' | 'ssd', tiled: boolean): Promise<FaceDetection[]> => {
    const t0 = performance.now();
    const opts: DetectOptions = {
      detector,
      minConfidence: options.minConfidence,
      inputSize: options.inputSize,
    };
    const faces = tiled ? await detectTiled(backend, image, opts) : await backend.detect(image, opts);
    steps.push({
      detector,
      ...(detector === 'tiny' ? { inputSize: options.inputSize } : {}),
      tiles: tiled ? 4 : 1,
      faces: faces.length,
      ms: Math.round(performance.now() - t0),
    });
    return faces;
  };
  if (options.detector !== 'auto') return { faces: await pass(options.detector, false), steps };
  for (const [detector, tiled] of [
    ['tiny', false],
    ['ssd', false],
    ['tiny', true],
  ] as const) {
    const faces = await pass(detector, tiled);
    if (faces.length > 0) return { faces, steps };
  }
  return { faces: [], steps };
}

/** 2x2 tiles of 60 % of each side (so a face on a tile border is whole in a neighbour), merged. */
async function detectTiled(
  backend: LandmarkBackend,
  image: Rgba8,
  opts: DetectOptions,
): Promise<FaceDetection[]> {
  const tw = Math.round(image.width * 0.6),
    th = Math.round(image.height * 0.6);
  const found: FaceDetection[] = [];
  for (const y0 of [0, image.height - th])
    for (const x0 of [0, image.width - tw]) {
      const faces = await backend.detect(cropRgba8(image, x0, y0, tw, th), opts);
      for (const f of faces) found.push(shifted(f, x0, y0));
    }
  return suppressOverlaps(found);
}

function cropRgba8(img: Rgba8, x0: number, y0: number, w: number, h: number): Rgba8 {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++)
    data.set(
      img.data.subarray(((y0 + y) * img.width + x0) * 4, ((y0 + y) * img.width + x0 + w) * 4),
      y * w * 4,
    );
  return { width: w, height: h, data };
}

function shifted(f: FaceDetection, dx: number, dy: number): FaceDetection {
  const points = f.points.slice();
  for (let i = 0; i < points.length; i += 2) {
    points[i] = points[i]! + dx;
    points[i + 1] = points[i + 1]! + dy;
  }
  const box = f.box.slice();
  box[0] = box[0]! + dx;
  box[1] = box[1]! + dy;
  return { box, score: f.score, points };
}

/** Keeps the best-scoring of faces found twice (in overlapping tiles): intersection over union > 0.4. */
export function suppressOverlaps(faces: readonly FaceDetection[]): FaceDetection[] {
  const kept: FaceDetection[] = [];
  for (const f of [...faces].sort((a, b) => b.score - a.score))
    if (kept.every((k) => boxIoU(k.box, f.box) <= 0.4)) kept.push(f);
  return kept;
}

export function boxIoU(a: Float32Array, b: Float32Array): number {
  const x0 = Math.max(a[0]!, b[0]!),
    y0 = Math.max(a[1]!, b[1]!);
  const x1 = Math.min(a[0]! + a[2]!, b[0]! + b[2]!),
    y1 = Math.min(a[1]! + a[3]!, b[1]! + b[3]!);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  return inter / (a[2]! * a[3]! + b[2]! * b[3]! - inter);
}
