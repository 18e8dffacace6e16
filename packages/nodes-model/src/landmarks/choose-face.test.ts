import { describe, expect, it } from 'vitest';
import { chooseFace, FaceSelectionError } from './choose-face.js';
import type { DetectOptions, FaceDetection } from './landmark-backend.js';

const tiny: DetectOptions = { detector: 'tiny', minConfidence: 0.5, inputSize: 416 };
const face = (x: number, y: number, w: number, h: number, score: number): FaceDetection => ({
  box: new Float32Array([x, y, w, h]),
  score,
  points: new Float32Array(136),
});

describe('chooseFace', () => {
  it('names the settings and what to try when there is no face', () => {
    expect(() => chooseFace([], tiny, 'largest')).toThrow(
      new FaceSelectionError(
        "no face found (detector tiny, minConfidence 0.5); try detector 'auto' or ssd, or a lower minConfidence",
      ),
    );
    expect(() => chooseFace([], { ...tiny, detector: 'ssd', minConfidence: 0.3 }, 'largest')).toThrow(
      "no face found (detector ssd, minConfidence 0.3); try detector 'auto', a lower minConfidence, or detector tiny with a larger inputSize",
    );
  });

  it("with 'error', lists every face found with its box and score", () => {
    expect(() =>
      chooseFace([face(10.4, 20.6, 100, 110, 0.97), face(300, 40, 50, 60, 0.61)], tiny, 'error'),
    ).toThrow(
      "found 2 faces (detector tiny, minConfidence 0.5) and multipleFaces is 'error'; boxes (x, y, w, h px): [10, 21, 100, 110] score 0.97; [300, 40, 50, 60] score 0.61. Crop the image to one face, or set multipleFaces to 'largest'",
    );
  });

  it("with 'largest', takes the largest box, ties to the higher score, whatever the order", () => {
    const small = face(0, 0, 50, 50, 0.99),
      big = face(100, 0, 80, 80, 0.6),
      sameBigBetter = face(200, 0, 80, 80, 0.7);
    expect(chooseFace([small, big], tiny, 'largest')).toBe(big);
    expect(chooseFace([big, small], tiny, 'largest')).toBe(big);
    expect(chooseFace([big, sameBigBetter], tiny, 'largest')).toBe(sameBigBetter);
    expect(chooseFace([sameBigBetter, big], tiny, 'largest')).toBe(sameBigBetter);
    expect(chooseFace([small], tiny, 'error')).toBe(small);
  });
});
