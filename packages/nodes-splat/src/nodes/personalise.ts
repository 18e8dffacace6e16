import { z } from 'zod';
import {
  Avatar,
  Camera,
  defineNode,
  HeadModel,
  HeadParams,
  Image,
  imageToRgba8,
  input,
  Json,
  listOf,
  Mesh,
  NodeError,
  output,
  PortError,
  Tracking,
} from '@ffavatar/core';
import {
  NoOverlapError,
  PERSONALISE_HEAD_PRIOR,
  PERSONALISE_RATES,
  personaliseAvatarCpu,
  type PersonaliseRates,
} from '../personalise/personalise-cpu.js';

const rate = (lr: number, what: string) =>
  z.number().min(0).default(lr).describe(`Adam learning rate of ${what}; 0 freezes it`);

export const personaliseNode = defineNode({
  type: 'splat.personalise',
  version: 1,
  title: 'Personalise',
  category: 'Splat',
  description:
    "Refines the avatar's Gaussians (colour, opacity, scale, rotation, offsets along and across the surface), each photo's camera and, given the head model and each photo's parameters, the shared identity and each photo's expression and joints, against the photos: render, 0.8 L1 + 0.2 D-SSIM inside the face, backward through the rasterizer, the drive and the head model, Adam. CPU.",
  inputs: {
    avatar: input(Avatar),
    model: input(HeadModel, {
      optional: true,
      description: 'the head model of `params`; with it the tracking is refined too',
    }),
    params: input(listOf(HeadParams), {
      optional: true,
      description: "each photo's head parameters (flame.trackingFrames' params)",
    }),
    meshes: input(listOf(Mesh), {
      optional: true,
      description: 'instead of model and params: the head mesh posed as each photo shows it, held fixed',
    }),
    cameras: input(listOf(Camera), { description: "each photo's tracked camera" }),
    images: input(listOf(Image), { description: 'the photos, in the same order' }),
    masks: input(listOf(Image), {
      optional: true,
      description: "each photo's person mask (model.segmentPortrait): the loss leaves the background out",
    }),
  },
  params: z.object({
    steps: z
      .number()
      .int()
      .min(0)
      .max(100_000)
      .default(120)
      .describe('optimisation steps (photos taken in turn)'),
    shDegree: z
      .number()
      .int()
      .min(0)
      .max(3)
      .optional()
      .describe("SH degree of the result (default: the avatar's); higher orders start at zero"),
    lrColour: rate(PERSONALISE_RATES.sh, 'the SH coefficients'),
    lrOpacity: rate(PERSONALISE_RATES.logitOpacities, 'the logit opacities'),
    lrScale: rate(PERSONALISE_RATES.logScales, 'the local log-scales'),
    lrRotation: rate(PERSONALISE_RATES.rotations, 'the local rotations'),
    lrNormalOffset: rate(PERSONALISE_RATES.normalOffset, 'the offset along the normal (triangle scales)'),
    lrSurfaceOffset: rate(PERSONALISE_RATES.barycentric, 'the barycentrics (the offset across the surface)'),
    lrCamera: rate(PERSONALISE_RATES.camera, "each photo's camera (rad, m, log focal)"),
    lrIdentity: rate(PERSONALISE_RATES.identity, 'the shared identity coefficients'),
    lrExpression: rate(PERSONALISE_RATES.expression, "each photo's expression weights"),
    lrJoints: rate(PERSONALISE_RATES.joints, "each photo's joint rotations (rad; skinned models)"),
    headPrior: z
      .number()
      .min(0)
      .default(PERSONALISE_HEAD_PRIOR)
      .describe('pull of the head parameters toward the tracking (loss per unit^2 of a coefficient)'),
    minAlpha: z
      .number()
      .min(0)
      .max(1)
      .default(0.95)
      .describe('the loss reads pixels the initial render covers at least this much'),
    erode: z.number().int().min(0).max(64).default(2).describe('pixels the loss mask is shrunk by'),
    maxNormalOffset: z
      .number()
      .positive()
      .default(0.5)
      .describe('how far (triangle scales) a Gaussian may leave the surface it was put on'),
    maxScaleGrowth: z.number().min(1).default(2).describe('how much larger a Gaussian may grow'),
  }),
  outputs: {
    avatar: output(Avatar),
    cameras: output(listOf(Camera), { description: 'the refined cameras, one per photo' }),
    params: output(listOf(HeadParams), {
      description: 'the refined head parameters, one per photo (empty when the photos came as meshes)',
    }),
    tracking: output(Tracking, {
      description:
        'the refined cameras and head parameters as one Tracking (no frames when the photos came as meshes)',
    }),
    report: output(Json, {
      description:
        'loss curve (per step: view, loss, L1, D-SSIM), per photo PSNR in the mask before and after, time',
    }),
  },
  run({ inputs, params, ctx }) {
    const { avatar, model, params: heads, meshes, cameras, images, masks } = inputs;
    if (heads && !model)
      throw new PortError('model', 'the photos come with head parameters: connect their head model');
    if (!heads && !meshes)
      throw new PortError('params', "connect each photo's head parameters (and the model), or posed meshes");
    if (heads && meshes)
      throw new PortError(
        'meshes',
        'connect head parameters or meshes, not both: the meshes would be ignored',
      );
    const tracking = heads ?? meshes!;
    if (tracking.length !== images.length || cameras.length !== images.length)
      throw new NodeError(
        'list_length_mismatch',
        `${images.length} images, ${cameras.length} cameras and ${tracking.length} ${heads ? 'head parameter sets' : 'meshes'}: one of each per photo`,
      );
    if (images.length === 0) throw new PortError('images', 'no photos to personalise against');
    if (masks && masks.length !== images.length)
      throw new PortError('masks', `${masks.length} masks for ${images.length} photos: one per photo`);
    masks?.forEach((m, i) => {
      const img = images[i]!;
      if (m.width !== img.width || m.height !== img.height)
        throw new PortError(
          'masks',
          `mask ${i} is ${m.width}x${m.height}, its photo ${img.width}x${img.height}`,
        );
    });
    images.forEach((img, i) => {
      const cam = cameras[i]!;
      if (img.width !== cam.width || img.height !== cam.height)
        throw new PortError(
          'images',
          `photo ${i}${img.source ? ` (${img.source})` : ''} is ${img.width}x${img.height}, its camera ${cam.width}x${cam.height}`,
        );
    });
    for (const name of [
      'normalOffset',
      'barycentric',
      'logScales',
      'rotations',
      'logitOpacities',
      'sh',
    ] as const) {
      const a = avatar[name];
      for (let i = 0; i < a.length; i++)
        if (!Number.isFinite(a[i]!))
          throw new PortError('avatar', `${name}[${i}] is ${a[i]}: the avatar has a non-finite value`);
    }
    const rates: PersonaliseRates = {
      sh: params.lrColour,
      logitOpacities: params.lrOpacity,
      logScales: params.lrScale,
      rotations: params.lrRotation,
      normalOffset: params.lrNormalOffset,
      barycentric: params.lrSurfaceOffset,
      camera: params.lrCamera,
      identity: params.lrIdentity,
      expression: params.lrExpression,
      joints: params.lrJoints,
    };
    if (heads && model)
      heads.forEach((p, i) => {
        if (p.model !== model.name)
          throw new PortError('params', `params ${i} belong to head model "${p.model}", not "${model.name}"`);
      });
    const result = runOrName(images, () =>
      personaliseAvatarCpu(
        avatar,
        images.map((image, i) => {
          const mask = masks ? imageToRgba8(masks[i]!) : undefined;
          return heads
            ? { image, mask, camera: cameras[i]!, params: heads[i]! }
            : { image, mask, camera: cameras[i]!, mesh: meshes![i]! };
        }),
        {
          ...(model ? { headModel: model } : {}),
          headPrior: params.headPrior,
          steps: params.steps,
          rates,
          ...(params.shDegree !== undefined ? { shDegree: params.shDegree } : {}),
          minAlpha: params.minAlpha,
          erode: params.erode,
          maxNormalOffset: params.maxNormalOffset,
          maxScaleGrowth: params.maxScaleGrowth,
          signal: ctx.signal,
          onStep: (r, done, total) =>
            ctx.progress(done / total, `step ${done}/${total}, loss ${r.loss.toFixed(4)} (photo ${r.view})`, {
              loss: r.loss,
            }),
        },
      ),
    );
    return {
      avatar: result.avatar,
      cameras: result.cameras,
      params: result.params ?? [],
      tracking: {
        frames: (result.params ?? []).map((params, i) => ({ camera: result.cameras[i]!, params })),
      },
      report: {
        steps: params.steps,
        optimisedGaussians: result.optimised,
        ms: result.ms,
        views: result.views,
        curve: result.curve,
      },
    };
  },
});

/** Runs the optimisation; a photo it cannot use becomes an error on the images port naming the photo. */
function runOrName<T>(images: readonly Image[], run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (!(err instanceof NoOverlapError)) throw err;
    const source = images[err.view]?.source;
    throw new PortError(
      'images',
      err.message.replace(`photo ${err.view}:`, `photo ${err.view}${source ? ` (${source})` : ''}:`),
    );
  }
}
