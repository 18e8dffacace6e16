// The sequence tracker against a scripted backend: each frame carries its true face position, the
// "detector" finds it (or not, where the script says), and the "landmark net" returns the true points
// only when the box it is given covers the face, as a real one drifts when the box is off.
import { describe, expect, it } from 'vitest';
import { boxIoU, detectCascade, suppressOverlaps } from './detect-cascade.js';
import { IBUG68_COUNT } from './ibug68.js';
import type { DetectOptions, FaceDetection, LandmarkBackend, Rgba8 } from './landmark-backend.js';
import { oneEuroSmooth } from './one-euro.js';
import { trackSequence } from './track-sequence.js';

/** A face whose 68 points fill a w x w square at (x, y); its detector box is 10 % larger. */
function faceAt(x: number, y: number, w: number): FaceDetection {
  const points = new Float32Array(IBUG68_COUNT * 2);
  for (let i = 0; i < IBUG68_COUNT; i++) {
    points[2 * i] = x + ((i * 7) % 17) * (w / 16);
    points[2 * i + 1] = y + ((i * 5) % 13) * (w / 12);
  }
  return { box: new Float32Array([x - 0.05 * w, y - 0.05 * w, 1.1 * w, 1.1 * w]), score: 0.9, points };
}

interface Script {
  /** Face of each frame (undefined: no face). */
  faces: (FaceDetection | undefined)[];
  /** Frames whose face the detector misses (per detector). */
  missTiny?: Set<number>;
  missSsd?: Set<number>;
}

function scripted(script: Script) {
  const calls: string[] = [];
  // Each frame is black with a textured square where its face is; pixel 0's red channel is its number.
  const frames: Rgba8[] = script.faces.map((f, i) => {
    const data = new Uint8Array(320 * 240 * 4);
    if (f)
      for (let y = Math.max(0, f.box[1]! | 0); y < Math.min(240, f.box[1]! + f.box[3]!); y++)
        for (let x = Math.max(0, f.box[0]! | 0); x < Math.min(320, f.box[0]! + f.box[2]!); x++)
          data[(y * 320 + x) * 4 + 1] =
            60 + 8 * (((x - f.box[0]!) / 6) % 24) + 5 * (((y - f.box[1]!) / 9) % 11);
    data[0] = i;
    return { width: 320, height: 240, data };
  });
  const backend: LandmarkBackend = {
    description: 'scripted',
    async detect(image: Rgba8, options: DetectOptions) {
      const i = image.data[0]!;
      calls.push(`${options.detector}@${i}`);
      const f = script.faces[i];
      const miss = options.detector === 'tiny' ? script.missTiny : script.missSsd;
      return f && !miss?.has(i) && image.width === 320 ? [f] : [];
    },
    async landmarksIn(image: Rgba8, box: Float32Array) {
      const i = image.data[0]!;
      calls.push(`net@${i}`);
      const f = script.faces[i];
      if (f && boxIoU(f.box, box) > 0.5) return f.points;
      return faceAt(box[0]! + 0.05 * box[2]!, box[1]! + 0.05 * box[3]!, box[2]! / 1.1).points;
    },
  };
  return { frames, backend, calls };
}

const options = { detector: 'auto' as const, minConfidence: 0.5, inputSize: 416, redetectEvery: 5 };

describe('trackSequence', () => {
  it('detects, then follows a moving face with the landmark net, re-anchoring on a detection every n frames', async () => {
    const faces = Array.from({ length: 12 }, (_, i) => faceAt(100 + 3 * i, 80, 80));
    const { frames, backend, calls } = scripted({ faces });
    const t = await trackSequence(backend, frames, options);
    const d = 'detected',
      k = 'tracked';
    expect(t.source).toEqual([d, k, k, k, k, d, k, k, k, k, d, k]);
    t.points.forEach((p, i) => expect(p).toEqual(faces[i]!.points));
    expect(calls.filter((c) => c.startsWith('tiny'))).toEqual(['tiny@0', 'tiny@5', 'tiny@10']);
    expect(t.corrected).toEqual([]);
  });

  it('re-detects when the face jumps (a cut) and records the corrected frame', async () => {
    const faces = Array.from({ length: 8 }, (_, i) => (i < 4 ? faceAt(40, 40, 80) : faceAt(200, 120, 90)));
    const { frames, backend } = scripted({ faces });
    const t = await trackSequence(backend, frames, { ...options, redetectEvery: 100 });
    expect(t.corrected).toEqual([4]);
    expect(t.source[4]).toBe('detected');
    expect(t.points[7]).toEqual(faces[7]!.points);
  });

  it('falls back to the accurate detector, and tracks backwards to frames before the first face found', async () => {
    const faces = Array.from({ length: 6 }, (_, i) => faceAt(100 + i, 80, 80));
    const { frames, backend } = scripted({
      faces,
      missTiny: new Set([0, 1, 2, 3, 4, 5]),
      missSsd: new Set([0, 1]),
    });
    const t = await trackSequence(backend, frames, { ...options, redetectEvery: 100 });
    expect(t.source).toEqual(['tracked', 'tracked', 'detected', 'tracked', 'tracked', 'tracked']);
    expect(t.points[0]).toEqual(faces[0]!.points);
    expect(t.steps[0]!.map((s) => `${s.detector}/${s.tiles}:${s.faces}`)).toEqual([
      'tiny/1:0',
      'ssd/1:0',
      'tiny/4:0',
    ]);
  });

  it('marks frames with no face lost and gives them the nearest tracked points', async () => {
    const faces = [faceAt(100, 80, 80), faceAt(101, 80, 80), undefined, undefined, faceAt(150, 60, 80)];
    const { frames, backend } = scripted({ faces });
    const t = await trackSequence(backend, frames, { ...options, redetectEvery: 100 });
    expect(t.source).toEqual(['detected', 'tracked', 'lost', 'lost', 'detected']);
    expect(t.points[2]).toEqual(t.points[1]);
    expect(t.points[3]).toEqual(t.points[4]);
  });
});

describe('detectCascade', () => {
  it('stops at the first pass that finds a face, and a named detector runs alone', async () => {
    const { frames, backend } = scripted({ faces: [faceAt(100, 80, 80)], missTiny: new Set([0]) });
    const auto = await detectCascade(backend, frames[0]!, options);
    expect(auto.steps.map((s) => s.detector)).toEqual(['tiny', 'ssd']);
    expect(auto.faces).toHaveLength(1);
    const tiny = await detectCascade(backend, frames[0]!, { ...options, detector: 'tiny' });
    expect(tiny.steps).toHaveLength(1);
    expect(tiny.faces).toEqual([]);
  });

  it('keeps one of a face found in two overlapping tiles', () => {
    const a = faceAt(100, 80, 80),
      b = { ...faceAt(102, 81, 80), score: 0.95 },
      c = faceAt(300, 80, 40);
    expect(suppressOverlaps([a, b, c])).toEqual([b, c]);
  });
});

describe('oneEuroSmooth', () => {
  const fps = 25;
  it('steadies a still point and follows a fast move with little lag', () => {
    let seed = 1;
    const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 2;
    const still = Array.from({ length: 50 }, () => new Float32Array([100 + noise(), 50 + noise()]));
    const s = oneEuroSmooth(still, fps, { minCutoff: 1.5, beta: 0.05 });
    const jitter = (f: Float32Array[]) =>
      f.slice(1).reduce((a, p, i) => a + Math.abs(p[0]! - f[i]![0]!), 0) / (f.length - 1);
    expect(jitter(s)).toBeLessThan(0.35 * jitter(still));
    // A step of 40 px (a blink's lid, a turn): within 2 px of the new place 3 frames later.
    const step = Array.from({ length: 10 }, (_, i) => new Float32Array([i < 5 ? 0 : 40, 0]));
    const t = oneEuroSmooth(step, fps, { minCutoff: 1.5, beta: 0.05 });
    expect(Math.abs(t[8]![0]! - 40)).toBeLessThan(2);
    // A reset frame is taken as it is.
    const r = oneEuroSmooth(step, fps, { minCutoff: 1.5, beta: 0.05 }, [
      false,
      false,
      false,
      false,
      false,
      true,
    ]);
    expect(r[5]![0]).toBe(40);
  });
});
