// A scripted landmark runtime for the tracker's tests: each frame carries its true face position, the
// "detector" finds it (or not, where the script says), and the "landmark net" returns the true points
// only when the box it is given covers the face, as a real one drifts when the box is off. Every call
// is logged with its frame number.
import { boxIoU } from '../landmarks/detect-cascade.js';
import { IBUG68_COUNT } from '../landmarks/ibug68.js';
import type { DetectOptions, FaceDetection, LandmarkBackend, Rgba8 } from '../landmarks/landmark-backend.js';

/** A face whose 68 points fill a w x w square at (x, y); its detector box is 10 % larger. */
export function faceAt(x: number, y: number, w: number): FaceDetection {
  const points = new Float32Array(IBUG68_COUNT * 2);
  for (let i = 0; i < IBUG68_COUNT; i++) {
    points[2 * i] = x + ((i * 7) % 17) * (w / 16);
    points[2 * i + 1] = y + ((i * 5) % 13) * (w / 12);
  }
  return { box: new Float32Array([x - 0.05 * w, y - 0.05 * w, 1.1 * w, 1.1 * w]), score: 0.9, points };
}

export interface Script {
  /** Face of each frame (undefined: no face). */
  faces: (FaceDetection | undefined)[];
  /** Frames whose face the detector misses (per detector). */
  missTiny?: Set<number>;
  missSsd?: Set<number>;
}

export function scripted(script: Script) {
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
