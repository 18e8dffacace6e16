import { z } from 'zod';
import {
  defineNode,
  Image,
  imageToRgba8,
  input,
  Json,
  Landmarks,
  listOf,
  MEDIAPIPE478,
  output,
  PortError,
  Tensor,
  throwIfAborted,
} from '@ffavatar/core';
import { drawLandmarkPreview } from '../draw/landmark-preview.js';
import { byArea, chooseFace, describeFaces, FaceSelectionError } from '../landmarks/choose-face.js';
import { faceCrop } from '../landmarks/face-crop.js';
import { IBUG68_COUNT } from '../landmarks/ibug68.js';
import { checkImageSize, detectionScale, downscaleRgba8 } from '../landmarks/image-limits.js';
import type { LandmarkBackendLoader } from '../landmarks/landmark-backend.js';
import { detectCascade } from '../landmarks/detect-cascade.js';
import type { FaceMeshBackendLoader } from '../mesh/face-mesh-backend.js';
import { checkFaces, notAFaceMessage } from '../mesh/face-plausibility.js';

import { detectorParams } from './detector-params.js';

const FACE_LANDMARKS_TYPE = 'model.faceLandmarks';

export const faceLandmarksParams = detectorParams.extend({
  minFaceScore: z
    .number()
    .min(0)
    .max(1)
    .default(0.5)
    .describe(
      "The face-mesh net's face probability a detection needs: refuses masks, animals and false detections (real faces score near 1); 0 accepts every detection",
    ),
  multipleFaces: z
    .enum(['largest', 'all', 'error'])
    .default('largest')
    .describe(
      'With several faces: track the largest (and warn, naming them), give every face in `faces` and `crops` (largest first), or fail naming them',
    ),
});

/**
 * In a run over several photos, "no face found" alone leaves the user to guess which one: names the
 * photo's file (io.loadImage records it as `source`) and its item number.
 */
function whichPhoto(image: Image, item: number | undefined): string {
  const source = (image as { source?: unknown }).source;
  const file = typeof source === 'string' ? source : undefined;
  if (item === undefined) return file ? ` (in ${file})` : '';
  return ` (in photo ${item + 1} of the run, item ${item}${file ? `: ${file}` : ''})`;
}

/**
 * `model.faceLandmarks`, built over the detector runtime of the host: the Node entry passes the
 * node-wasm backend, the browser entry the browser one. The node type is the same in both, so a
 * graph runs unchanged in either.
 */
export function createFaceLandmarksNode(loadBackend: LandmarkBackendLoader, loadMesh: FaceMeshBackendLoader) {
  return defineNode({
    type: FACE_LANDMARKS_TYPE,
    version: 1,
    title: 'Face landmarks',
    category: 'Tracking',
    description:
      'Detects the face in a portrait and places 68 landmarks (iBUG-300W order, image pixels) with face-api, checks it is a human face and adds the dense MediaPipe mesh with irises (478 points), on tfjs-wasm.',
    inputs: { image: input(Image, { description: 'A portrait; alpha is ignored' }) },
    params: faceLandmarksParams,
    outputs: {
      landmarks: output(Landmarks, {
        description: 'scheme ibug68, 68 points in pixels; confidence per point = the detection score',
      }),
      box: output(Tensor, { description: '[4] f32 face box x, y, w, h in pixels' }),
      mesh: output(Landmarks, {
        description:
          'scheme mediapipe478: the 468-point MediaPipe face mesh and 5 points per iris, pixels; confidence = the face-mesh score',
      }),
      preview: output(Image, {
        description: 'The input with the box, the 68 points and the dense mesh drawn (rgba8)',
      }),
      faces: output(listOf(Landmarks), {
        description: "Every face's 68 points with multipleFaces 'all' (largest first); else the one tracked",
      }),
      crops: output(listOf(Image), {
        description:
          'A square crop around each face of `faces` (2.2x its box): feed them on one item per person',
      }),
      detection: output(Json, {
        description:
          'The detector passes tried (detector, tiles, faces found, ms) and every face found, with its face-mesh score (refused: below minFaceScore)',
      }),
    },
    async run({ inputs, params, ctx }) {
      const image = imageToRgba8(inputs.image);
      try {
        checkImageSize(image.width, image.height);
      } catch (err) {
        throw new PortError('image', (err as Error).message);
      }
      ctx.progress(0, 'loading face detector');
      const backend = await loadBackend();
      throwIfAborted(ctx.signal);
      ctx.progress(0.3, `detecting (${params.detector})`);
      const scale = detectionScale(image.width, image.height);
      const small = downscaleRgba8(image, scale);
      const { faces: found, steps } = await detectCascade(backend, small, params);
      throwIfAborted(ctx.signal);
      ctx.progress(0.6, 'face mesh');
      const checked = found.length
        ? await checkFaces(await loadMesh(), small, found, params.minFaceScore)
        : [];
      throwIfAborted(ctx.signal);
      const faces = checked.filter((f) => f.plausible);
      if (found.length > 0 && faces.length === 0)
        throw new PortError(
          'image',
          `${notAFaceMessage(checked, params.minFaceScore, scale)}${whichPhoto(inputs.image, ctx.item)}`,
        );
      let face;
      try {
        face = chooseFace(faces, params, params.multipleFaces);
      } catch (err) {
        if (err instanceof FaceSelectionError)
          throw new PortError('image', `${err.message}${whichPhoto(inputs.image, ctx.item)}`);
        throw err;
      }
      if (faces.length > 1 && params.multipleFaces === 'largest') {
        ctx.warn?.(
          `found ${faces.length} faces${whichPhoto(inputs.image, ctx.item)}; tracking the largest. Boxes (x, y, w, h px): ${describeFaces(byArea(faces), scale)}. Set multipleFaces to 'all' for one item per face, or 'error'`,
        );
      }
      const box = face.box.map((v) => v * scale);
      const points = face.points.map((v) => v * scale);
      const chosen = params.multipleFaces === 'all' ? byArea(faces) : [face];
      const source = (inputs.image as { source?: unknown }).source;
      const facePoints = chosen.map((f) => ({
        scheme: 'ibug68' as const,
        count: IBUG68_COUNT,
        points: f.points.map((v) => v * scale),
        confidence: new Float32Array(IBUG68_COUNT).fill(f.score),
      }));
      const crops = chosen.map((f, k) => ({
        ...faceCrop(
          image,
          f.box.map((v) => v * scale),
        ),
        format: 'rgba8' as const,
        ...(typeof source === 'string' ? { source: `${source}#face=${k}` } : {}),
      }));
      ctx.progress(0.9, 'drawing preview');
      const dense = face.dense.points.map((v) => v * scale);
      const preview = drawLandmarkPreview(image, box, points, dense);
      return {
        landmarks: {
          scheme: 'ibug68',
          count: IBUG68_COUNT,
          points,
          confidence: new Float32Array(IBUG68_COUNT).fill(face.score),
        },
        box: { dtype: 'f32' as const, shape: [4], data: box },
        mesh: {
          scheme: MEDIAPIPE478.scheme,
          count: MEDIAPIPE478.count,
          points: dense,
          confidence: new Float32Array(MEDIAPIPE478.count).fill(face.dense.score),
        },
        preview: {
          width: preview.width,
          height: preview.height,
          format: 'rgba8' as const,
          data: preview.data,
        },
        faces: facePoints,
        crops,
        detection: {
          steps,
          faces: checked.map((f) => ({
            box: Array.from(f.box, (v) => Math.round(v * scale)),
            score: Math.round(f.score * 1000) / 1000,
            faceScore: Math.round(f.dense.score * 1000) / 1000,
            ...(f.plausible ? {} : { refused: true }),
          })),
        },
      };
    },
  });
}
