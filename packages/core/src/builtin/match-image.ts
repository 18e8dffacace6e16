import { z } from 'zod';
import { NodeError, PortError } from '../engine/errors/node-error.js';
import { fingerprintInputFiles } from '../engine/exec/fingerprint.js';
import { throwIfAborted } from '../engine/exec/node-context.js';
import { defineNode, input, output } from '../engine/nodes/define-node.js';
import { fileParam } from '../engine/nodes/file-param.js';
import { Image, Path } from '../engine/ports/builtin-types.js';
import { Metrics } from '../engine/ports/motion.js';
import { decodeImage, encodePng, type Rgba8Image } from '../io/image-codec.js';
import { psnr, ssim, type RgbImage } from '../optim/image-metrics.js';
import { assertionFailed, formatNumber } from './assertion-failure.js';
import { comparePixels } from './image-diff.js';
import { itemPath } from './item-path.js';
import { savePathParam } from './save-path-param.js';
import { imageToStraightRgba8 } from './straight-alpha.js';

const toFloat = (img: Rgba8Image): RgbImage => ({
  width: img.width,
  height: img.height,
  data: Float32Array.from(img.data, (v) => v / 255),
  channels: 4,
});

const params = z
  .object({
    golden: fileParam(z.string(), ['.png'])
      .default('')
      .describe('the expected image (PNG), relative to the graph file; or connect the golden input'),
    minPsnr: z.number().optional().describe('PSNR (dB, RGB) against the golden must be >= this'),
    minSsim: z.number().max(1).optional().describe('SSIM against the golden must be >= this'),
    pixelTolerance: z
      .number()
      .int()
      .min(0)
      .max(255)
      .optional()
      .describe('levels (0..255) any channel may differ; with maxBadPixels, a per-pixel check'),
    maxBadPixels: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe('fraction of pixels allowed beyond pixelTolerance'),
    diff: savePathParam(['.png'], 'diff/gate.png')
      .optional()
      .describe('where the diff image goes on failure, under the output folder; default diff/<node id>.png'),
    name: z.string().default('').describe('what the assertion is called in messages; empty: the node id'),
  })
  .refine((p) => p.minPsnr !== undefined || p.minSsim !== undefined || p.pixelTolerance !== undefined, {
    message: 'give at least one of minPsnr, minSsim, pixelTolerance',
  });

export const matchImage = defineNode({
  type: 'test.matchImage',
  version: 1,
  title: 'Match image',
  category: 'Test',
  description:
    'Compares an image with a golden PNG (as io.saveImage would write it) by PSNR, SSIM or per-pixel tolerance; on failure writes a diff image and fails the run (error code `assertion`).',
  inputs: {
    image: input(Image),
    golden: input(Path, { optional: true, description: 'overrides the golden param' }),
  },
  params,
  outputs: {
    metrics: output(Metrics, { description: 'psnr, ssim, maxDiff (levels), badPixels (fraction)' }),
  },
  fingerprint: fingerprintInputFiles('golden'),
  async run({ inputs, params: p, ctx }) {
    const goldenPath = inputs.golden ?? p.golden;
    if (!goldenPath)
      throw new PortError('golden', 'no golden image: set the golden param or connect the input');
    const source = ctx.files.resolve(goldenPath);
    const golden = decodeImage(await ctx.files.read(goldenPath), source);
    throwIfAborted(ctx.signal);
    const image = imageToStraightRgba8(inputs.image);
    // A size mismatch is not a measurement: no metric or diff means anything, so it is a bad golden.
    if (golden.width !== image.width || golden.height !== image.height)
      throw new NodeError(
        'bad_input',
        `golden ${source} is ${golden.width}x${golden.height}, the image ${image.width}x${image.height}: regenerate the golden or fix the render size`,
        { port: 'golden' },
      );

    const a = toFloat(image),
      b = toFloat(golden);
    const px = comparePixels(image, golden, p.pixelTolerance ?? 0);
    const metrics = {
      psnr: psnr(a, b),
      ssim: ssim(a, b),
      maxDiff: px.maxDiff,
      badPixels: px.badPixels / (image.width * image.height),
    };
    const failures: string[] = [];
    if (p.minPsnr !== undefined && !(metrics.psnr >= p.minPsnr))
      failures.push(`psnr = ${formatNumber(metrics.psnr)} dB, expected >= ${formatNumber(p.minPsnr)}`);
    if (p.minSsim !== undefined && !(metrics.ssim >= p.minSsim))
      failures.push(`ssim = ${formatNumber(metrics.ssim)}, expected >= ${formatNumber(p.minSsim)}`);
    if (p.pixelTolerance !== undefined && metrics.badPixels > p.maxBadPixels)
      failures.push(
        `${formatNumber(metrics.badPixels * 100)}% of pixels off by more than ${p.pixelTolerance} levels (max ${px.maxDiff}), expected <= ${formatNumber(p.maxBadPixels * 100)}%`,
      );
    if (failures.length === 0) return { metrics };

    const rel = itemPath(p.diff ?? `diff/${ctx.nodeId}.png`, ctx.item);
    const written = await ctx.files.write(rel, encodePng(px.diff));
    const [first, ...rest] = failures;
    const [measured, bound] = first!.split(', expected ');
    throw assertionFailed(
      p.name || ctx.nodeId,
      `${measured!} against ${source}`,
      `${bound!}${rest.length ? `; also ${rest.join('; ')}` : ''}; diff image: ${written}`,
    );
  },
});
