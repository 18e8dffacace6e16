import type { FaceDetection, Rgba8 } from '../landmarks/landmark-backend.js';
import { denseFace, type DenseFace } from './dense-face.js';
import type { FaceMeshBackend } from './face-mesh-backend.js';

/** A detection with its dense landmarks; `plausible` when the face-mesh net agrees it is a face. */
export interface CheckedFace extends FaceDetection {
  readonly dense: DenseFace;
  readonly plausible: boolean;
}

/**
 * Runs the face-mesh net on every detection and keeps those it scores at least `minFaceScore`. The
 * detectors answer "is there a face-like pattern here": they fire on masks, animals and the odd
 * shirt fold (a skull mask scores 0.96 with ssd). The mesh net, trained on human faces with a
 * face-presence output, gives those near 0 (0.02 on the mask) and real faces near 1, including
 * paintings and hard photos, so one threshold separates them.
 */
export async function checkFaces(
  backend: FaceMeshBackend,
  image: Rgba8,
  faces: readonly FaceDetection[],
  minFaceScore: number,
): Promise<CheckedFace[]> {
  const checked: CheckedFace[] = [];
  for (const face of faces) {
    const dense = await denseFace(backend, image, face.points);
    checked.push({ ...face, dense, plausible: dense.score >= minFaceScore });
  }
  return checked;
}

/** The refusal when every detection failed the check, naming each and what to do. */
export function notAFaceMessage(
  rejected: readonly CheckedFace[],
  minFaceScore: number,
  scale: number,
): string {
  const what = rejected
    .map(
      (f) =>
        `[${Array.from(f.box, (v) => Math.round(v * scale)).join(', ')}] (detector ${f.score.toFixed(2)}, face mesh ${f.dense.score.toFixed(2)})`,
    )
    .join('; ');
  const count = rejected.length === 1 ? 'a face-like region' : `${rejected.length} face-like regions`;
  return (
    `found ${count} but the face-mesh net scores ${rejected.length === 1 ? 'it' : 'them'} below minFaceScore ${minFaceScore}: ` +
    `not a human face (an animal, a mask, a statue?). Boxes (x, y, w, h px): ${what}. ` +
    `Set minFaceScore to 0 to accept ${rejected.length === 1 ? 'it' : 'them'} anyway`
  );
}
