// Detection with a loaded face-api, shared by the per-runtime backends. Only types come from
// face-api here: each runtime module loads its own build and hands the namespace in.
import type * as FaceApiModule from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import { IBUG68_COUNT } from '../landmarks/ibug68.js';
import type { DetectOptions, FaceDetection, LandmarkBackend, Rgba8 } from '../landmarks/landmark-backend.js';

export type FaceApi = typeof FaceApiModule;

/**
 * The parts of tfjs the backends call that face-api's own `tf` typings leave out. Every face-api
 * build re-exports the tfjs it was built against (with the wasm backend), so these come from
 * `faceapi.tf` and never from a second tfjs instance that face-api would not see.
 */
export interface TfWasmRuntime {
  setWasmPaths(prefixOrFileMap: string | Record<string, string>, usePlatformFetch?: boolean): void;
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  version: Record<string, string>;
}

export function tfRuntimeOf(faceapi: FaceApi): TfWasmRuntime {
  const tf = faceapi.tf as unknown as Partial<TfWasmRuntime>;
  if (typeof tf.setWasmPaths !== 'function' || typeof tf.setBackend !== 'function') {
    throw new Error(
      'this face-api build has no tfjs wasm backend (expected face-api.node-wasm.js in Node, face-api.esm.js in the browser)',
    );
  }
  return tf as TfWasmRuntime;
}

/** The nets the landmark node uses, as face-api names them. */
type FaceApiNet = 'tinyFaceDetector' | 'ssdMobilenetv1' | 'faceLandmark68Net';

/** Loads one net's weights into `faceapi.nets[net]` (from disk in Node, over fetch in a browser). */
export type LoadNet = (net: FaceApiNet) => Promise<void>;

/**
 * Switches face-api's tfjs to the wasm backend; throws when it did not take (a missing or
 * mismatched .wasm file), because tfjs would otherwise fall back to its 10x slower cpu backend.
 */
export async function useWasmBackend(tf: TfWasmRuntime, wasmDir: string): Promise<void> {
  tf.setWasmPaths(wasmDir.endsWith('/') ? wasmDir : `${wasmDir}/`);
  const ok = await tf.setBackend('wasm').catch((err: Error) => {
    throw new Error(`tfjs wasm backend failed to start from ${wasmDir}: ${err.message}`);
  });
  await tf.ready();
  if (!ok || tf.getBackend() !== 'wasm') {
    throw new Error(`tfjs wasm backend did not start from ${wasmDir} (active backend: ${tf.getBackend()})`);
  }
}

/**
 * A LandmarkBackend over a face-api whose tfjs runs on wasm. Each net's weights load on first use
 * (the SSD weights are 5.6 MB that a tiny-detector run never needs) and stay loaded.
 */
export function createFaceApiBackend(
  faceapi: FaceApi,
  description: string,
  loadNet: LoadNet,
): LandmarkBackend {
  const loaded = new Map<FaceApiNet, Promise<void>>();
  const ensure = (net: FaceApiNet): Promise<void> => {
    let p = loaded.get(net);
    if (!p) {
      p = loadNet(net).catch((err: unknown) => {
        loaded.delete(net);
        throw err;
      });
      loaded.set(net, p);
    }
    return p;
  };
  // tfjs-wasm is single-threaded here, so running detections one at a time costs nothing, and it
  // keeps concurrent callers (in-process runs) from interleaving inside face-api's tensor scopes.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    description,
    detect(image, options) {
      const run = queue.then(async () => {
        await ensure(options.detector === 'tiny' ? 'tinyFaceDetector' : 'ssdMobilenetv1');
        await ensure('faceLandmark68Net');
        return detectAll(faceapi, image, options);
      });
      queue = run.catch(() => undefined);
      return run;
    },
    landmarksIn(image, box) {
      const run = queue.then(async () => {
        await ensure('faceLandmark68Net');
        return landmarksInBox(faceapi, image, box);
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

async function landmarksInBox(faceapi: FaceApi, image: Rgba8, box: Float32Array): Promise<Float32Array> {
  const input = faceapi.tf.tensor3d(rgbOf(image), [image.height, image.width, 3], 'int32');
  try {
    // The same crop withFaceLandmarks takes from a detection: the box, clipped to the image.
    const rect = new faceapi.Rect(box[0]!, box[1]!, box[2]!, box[3]!).clipAtImageBorders(
      image.width,
      image.height,
    );
    const [face] = await faceapi.extractFaceTensors(input, [rect]);
    try {
      const found = (await faceapi.detectFaceLandmarks(face!)) as InstanceType<FaceApi['FaceLandmarks68']>;
      const positions = found.positions;
      if (positions.length !== IBUG68_COUNT)
        throw new Error(`face-api returned ${positions.length} landmarks, expected ${IBUG68_COUNT}`);
      const points = new Float32Array(IBUG68_COUNT * 2);
      positions.forEach((p, i) => {
        points[i * 2] = rect.x + p.x;
        points[i * 2 + 1] = rect.y + p.y;
      });
      return points;
    } finally {
      face!.dispose();
    }
  } finally {
    input.dispose();
  }
}

async function detectAll(faceapi: FaceApi, image: Rgba8, options: DetectOptions): Promise<FaceDetection[]> {
  const input = faceapi.tf.tensor3d(rgbOf(image), [image.height, image.width, 3], 'int32');
  try {
    const found = await faceapi.detectAllFaces(input, detectorOptions(faceapi, options)).withFaceLandmarks();
    return found.map((f) => {
      const { x, y, width, height } = f.detection.box;
      const positions = f.landmarks.positions;
      if (positions.length !== IBUG68_COUNT)
        throw new Error(`face-api returned ${positions.length} landmarks, expected ${IBUG68_COUNT}`);
      const points = new Float32Array(IBUG68_COUNT * 2);
      positions.forEach((p, i) => {
        points[i * 2] = p.x;
        points[i * 2 + 1] = p.y;
      });
      // face-api's coordinates are continuous with the origin at the image's top-left corner (boxes
      // are grid cells scaled back to the input), the frame of CONVENTIONS.md: no half-pixel shift.
      return { box: new Float32Array([x, y, width, height]), score: f.detection.score, points };
    });
  } finally {
    input.dispose();
  }
}

function detectorOptions(faceapi: FaceApi, options: DetectOptions) {
  return options.detector === 'tiny'
    ? new faceapi.TinyFaceDetectorOptions({
        inputSize: options.inputSize,
        scoreThreshold: options.minConfidence,
      })
    : new faceapi.SsdMobilenetv1Options({ minConfidence: options.minConfidence, maxResults: 100 });
}

/** RGB as int32, the layout face-api's tensor inputs expect. Alpha is dropped: the detectors see colour only. */
function rgbOf(image: Rgba8): Int32Array {
  const n = image.width * image.height;
  const rgb = new Int32Array(n * 3);
  const src = image.data;
  for (let i = 0; i < n; i++) {
    rgb[i * 3] = src[i * 4]!;
    rgb[i * 3 + 1] = src[i * 4 + 1]!;
    rgb[i * 3 + 2] = src[i * 4 + 2]!;
  }
  return rgb;
}
