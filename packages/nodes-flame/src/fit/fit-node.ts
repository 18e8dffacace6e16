import { z } from 'zod';
import {
  defineNode,
  HeadModel,
  Image,
  input,
  Landmarks,
  listOf,
  MEDIAPIPE478,
  output,
  PortError,
  Tracking,
} from '@ffavatar/core';
import { fitLandmarks } from './fit-landmarks.js';
import { eyeLookWeights, measureGaze } from './gaze.js';

export const fitLandmarksNode = defineNode({
  type: 'flame.fitLandmarks',
  version: 1,
  title: 'Fit to landmarks',
  category: 'Tracking',
  description:
    'Per image camera (rotation, translation) and expression, one focal length per camera (searched coarse to fine; EXIF 35 mm focal as its prior when the image carries focal35mm) and one identity for all images, by Levenberg-Marquardt on 68 landmarks and, when given, the dense face mesh (robust, with priors). Each frame reports its focal with an uncertainty and its count of saturated (> 0.5) expression weights.',
  inputs: {
    model: input(HeadModel),
    images: input(listOf(Image), { description: 'the photos, for their sizes' }),
    landmarks: input(listOf(Landmarks), { description: 'iBUG-68 landmarks per photo, same order' }),
    meshes: input(listOf(Landmarks), {
      optional: true,
      description:
        'dense landmarks per photo (scheme mediapipe478, model.faceLandmarks mesh), same order, or an empty list for none: fitted beside the 68 where the model has a dense embedding (ICT-FaceKit)',
    }),
  },
  params: z.object({
    identityModes: z.number().int().min(0).max(300).default(24),
    iterations: z.number().int().min(1).max(500).default(60),
    identityPrior: z.number().min(0).default(10),
    expressionPrior: z.number().min(0).default(2),
    fitFocal: z.boolean().default(true),
    identityImages: z
      .number()
      .int()
      .min(0)
      .default(8)
      .describe(
        'identity from the first n photos (0: all); later ones are fitted with it fixed, so adding photos never re-tracks earlier ones',
      ),
    focal: z
      .number()
      .positive()
      .optional()
      .describe(
        'focal length guess in pixels (prior centre); default the EXIF focal, else a 55 mm-equivalent portrait lens',
      ),
    sharedFocal: z
      .boolean()
      .default(true)
      .describe('one focal length for all photos of the same size (one camera); off: one per photo'),
    focalSearch: z
      .boolean()
      .default(true)
      .describe('coarse-to-fine search over focal length before the continuous fit'),
    expressionSparsity: z
      .number()
      .min(0)
      .default(4)
      .describe('L1 prior on expression weights (px^2 per unit): keeps unused expressions at exactly 0'),
    denseWeight: z
      .number()
      .min(0)
      .default(0.2)
      .describe(
        'weight of each dense (meshes) point against one of the 68 (best on real video: pnpm eval:video); 0 ignores the meshes',
      ),
    sequence: z
      .boolean()
      .default(false)
      .describe(
        "the photos are a video's frames in order: each frame after the identity ones starts from the previous frame and its expression is pulled towards it (temporalPrior)",
      ),
    temporalPrior: z
      .number()
      .min(0)
      .default(20)
      .describe(
        'with sequence: pull of each expression weight towards the previous frame (px^2 per unit^2); blinks and fast motion, which move landmarks by pixels, outweigh it (franck.mp4: frame-to-frame weight change -20 %, landmark error +0.01 px)',
      ),
    gaze: z
      .boolean()
      .default(true)
      .describe(
        "with meshes: each eye's gaze from its iris (frame.gaze, degrees) sets the eyeLook expressions the landmarks cannot see",
      ),
  }),
  outputs: { tracking: output(Tracking) },
  run({ inputs, params }) {
    const { model, images, landmarks } = inputs;
    // An empty list is no meshes (model.trackLandmarks gives one with its mesh off).
    const meshes = inputs.meshes?.length ? inputs.meshes : undefined;
    if (images.length !== landmarks.length) {
      throw new Error(`${images.length} images but ${landmarks.length} landmark sets: they must pair up`);
    }
    if (meshes && meshes.length !== images.length)
      throw new PortError('meshes', `${images.length} images but ${meshes.length} meshes: they must pair up`);
    meshes?.forEach((m, i) => {
      if (m.scheme !== MEDIAPIPE478.scheme || m.count !== MEDIAPIPE478.count)
        throw new PortError(
          'meshes',
          `item ${i}: scheme ${m.scheme} with ${m.count} points; the fit reads ${MEDIAPIPE478.scheme} (${MEDIAPIPE478.count})`,
        );
    });
    const observations = images.map((img, i) => {
      const lm = landmarks[i]!;
      if (lm.count !== 68)
        throw new Error(`image ${i}: ${lm.count} landmarks, the fit needs the 68 iBUG points`);
      // Image is an open object: a loader that read the EXIF focal length (io's readExifFocal)
      // attaches it as focal35mm, and it centres this photo's focal prior.
      const focal35mm = (img as { focal35mm?: unknown }).focal35mm;
      return {
        width: img.width,
        height: img.height,
        points: lm.points,
        ...(lm.confidence ? { confidence: lm.confidence } : {}),
        ...(typeof focal35mm === 'number' && focal35mm > 0 ? { focal35mm } : {}),
        ...(meshes
          ? {
              dense: {
                points: meshes[i]!.points,
                ...(meshes[i]!.confidence ? { confidence: meshes[i]!.confidence } : {}),
              },
            }
          : {}),
      };
    });
    const options = {
      identityModes: params.identityModes,
      iterations: params.iterations,
      identityPrior: params.identityPrior,
      expressionPrior: params.expressionPrior,
      fitFocal: params.fitFocal,
      sharedFocal: params.sharedFocal,
      focalSearch: params.focalSearch,
      expressionSparsity: params.expressionSparsity,
      denseWeight: params.denseWeight,
      ...(params.focal ? { focalGuess: params.focal } : {}),
    };
    const n =
      params.identityImages > 0 ? Math.min(params.identityImages, observations.length) : observations.length;
    const fit = fitLandmarks(model, observations.slice(0, n), options);
    // Later photos one by one with the identity fixed: each result depends on its photo alone.
    for (const obs of observations.slice(n)) {
      // Same camera as a jointly fitted photo (size and EXIF focal): its focal, held fixed.
      const j = params.sharedFocal
        ? observations
            .slice(0, n)
            .findIndex(
              (o) => o.width === obs.width && o.height === obs.height && o.focal35mm === obs.focal35mm,
            )
        : -1;
      const camera = j >= 0 ? { focalGuess: fit.focal[j]!.focal, fitFocal: false } : {};
      const last = fit.cameras.length - 1;
      const previous =
        params.sequence && params.temporalPrior > 0 && last >= 0
          ? { camera: fit.cameras[last]!, expression: fit.expressions[last]!, weight: params.temporalPrior }
          : undefined;
      const one = fitLandmarks(model, [obs], {
        ...options,
        ...camera,
        identity: fit.identity,
        ...(previous ? { previous } : {}),
      });
      fit.cameras.push(one.cameras[0]!);
      fit.expressions.push(one.expressions[0]!);
      fit.errors.push(one.errors[0]!);
      fit.focal.push(j >= 0 ? fit.focal[j]! : { ...one.focal[0]!, group: -1 });
      fit.saturated.push(one.saturated[0]!);
    }
    const frameParams = fit.cameras.map((_camera, i) => ({
      model: model.name,
      identity: fit.identity,
      expression: fit.expressions[i]!,
      rotation: new Float32Array(3),
      translation: new Float32Array(3),
    }));
    const gaze = fit.cameras.map((camera, i) =>
      params.gaze && meshes ? measureGaze(model, frameParams[i]!, camera, meshes[i]!.points) : undefined,
    );
    gaze.forEach((g, i) => {
      if (!g) return;
      for (const [name, w] of Object.entries(eyeLookWeights(g))) {
        const k = model.expressionNames.indexOf(name);
        if (k >= 0) frameParams[i]!.expression[k] = w;
      }
    });
    return {
      tracking: {
        frames: fit.cameras.map((camera, i) => ({
          camera,
          params: frameParams[i]!,
          ...(gaze[i] ? { gaze: gaze[i] } : {}),
          error: fit.errors[i]!,
          // Frames are open objects: the report carries these with the tracking.
          focal: fit.focal[i]!,
          saturatedExpressions: fit.saturated[i]!,
        })),
      },
    };
  },
});
