import type { FaceDetection } from './landmark-backend.js';

export type MultipleFacesPolicy = 'largest' | 'all' | 'error';

/** Why no single face could be chosen; the message says what was found and what to try. */
export class FaceSelectionError extends Error {
  override name = 'FaceSelectionError';
  /** The engine's error code (ErrorCode): the file or input is unusable, a retry will not help. */
  readonly code = 'bad_input' as const;
}

/**
 * Picks the face a single-subject pipeline should track. Zero faces and (with policy `error`)
 * several faces are errors whose messages name the detector settings and, for several faces, every
 * box, so the user can see which faces were found without rerunning anything.
 */
export function chooseFace<F extends FaceDetection>(
  faces: readonly F[],
  options: { readonly detector: string; readonly minConfidence: number },
  policy: MultipleFacesPolicy,
): F {
  const settings = `detector ${options.detector}, minConfidence ${options.minConfidence}`;
  if (faces.length === 0) {
    const other =
      options.detector === 'auto'
        ? 'the tiny, ssd and tiled passes all came up empty; try a lower minConfidence'
        : options.detector === 'tiny'
          ? "try detector 'auto' or ssd, or a lower minConfidence"
          : "try detector 'auto', a lower minConfidence, or detector tiny with a larger inputSize";
    throw new FaceSelectionError(`no face found (${settings}); ${other}`);
  }
  if (faces.length > 1 && policy === 'error') {
    const boxes = describeFaces(faces);
    throw new FaceSelectionError(
      `found ${faces.length} faces (${settings}) and multipleFaces is 'error'; boxes (x, y, w, h px): ${boxes}. ` +
        "Crop the image to one face, or set multipleFaces to 'largest'",
    );
  }
  let best = faces[0]!;
  for (const face of faces) {
    // Ties on area go to the higher score, so the choice never depends on detector output order.
    const a = area(face),
      b = area(best);
    if (a > b || (a === b && face.score > best.score)) best = face;
  }
  return best;
}

/** Faces largest first (ties: higher score first), the order `all` emits them in. */
export function byArea<F extends FaceDetection>(faces: readonly F[]): F[] {
  return [...faces].sort((a, b) => area(b) - area(a) || b.score - a.score);
}

/** "[x, y, w, h] score s; ...": how messages and warnings list faces. */
export function describeFaces(faces: readonly FaceDetection[], scale = 1): string {
  return faces.map((f) => `${formatBox(f.box.map((v) => v * scale))} score ${f.score.toFixed(2)}`).join('; ');
}

function area(face: FaceDetection): number {
  return face.box[2]! * face.box[3]!;
}

function formatBox(box: Float32Array): string {
  return `[${Array.from(box, (v) => Math.round(v)).join(', ')}]`;
}
