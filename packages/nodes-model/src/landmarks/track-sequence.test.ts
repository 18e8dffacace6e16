// The sequence tracker against a scripted backend: each frame carries its true face position, the
// "detector" finds it (or not, where the script says), and the "landmark net" returns the true points
// only when the box it is given covers the face, as a real one drifts when the box is off.
import { describe, expect, it } from 'vitest';
import { detectCascade, suppressOverlaps } from './detect-cascade.js';
import { faceAt, scripted } from '../test-support/scripted-face.js';
import { oneEuroSmooth } from './one-euro.js';
import { trackSequence, type TrackStep } from './track-sequence.js';

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

describe('trackSequence resumed from kept steps', () => {
  it('runs the nets only on frames after the kept ones, with the cold run’s results', async () => {
    // A face that moves, is re-detected every 5 frames and jumps once (a corrected frame).
    const faces = Array.from({ length: 20 }, (_, i) =>
      i < 14 ? faceAt(60 + 3 * i, 80, 80) : faceAt(180, 100, 84),
    );
    const cold = scripted({ faces });
    const whole = await trackSequence(cold.backend, cold.frames, options);
    const short = scripted({ faces: faces.slice(0, 9) });
    const kept: TrackStep[] = [];
    await trackSequence(short.backend, short.frames, options, undefined, {
      onStep: (i, step) => (kept[i] = step),
    });
    const longer = scripted({ faces });
    const resumed = await trackSequence(longer.backend, longer.frames, options, undefined, { kept });
    expect(longer.calls.every((c) => Number(c.split('@')[1]) >= 9)).toBe(true);
    expect(longer.calls.length).toBeGreaterThan(0);
    // Timings (`ms` of each detector pass) are the only thing allowed to differ.
    const untimed = (t: typeof whole) => ({ ...t, steps: t.steps.map((s) => s.map(({ ms: _, ...r }) => r)) });
    expect(untimed(resumed)).toEqual(untimed(whole));
    expect(resumed.corrected).toEqual([14]);
  });
});
