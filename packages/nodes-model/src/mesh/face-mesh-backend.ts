/**
 * What dense landmarks need from a runtime: the two MediaPipe nets, each on a crop prepared by
 * `dense-face.ts`. Cropping, refining and mapping back are runtime-free; only `backends/` modules
 * talk to tfjs.
 */

/** Side of the face-mesh net's square input, pixels. */
export const MESH_INPUT = 192;
/** Side of the iris net's square input, pixels. */
export const IRIS_INPUT = 64;

export interface MeshOutput {
  /** [468, 3] x, y in crop pixels, z relative depth in the same units (smaller = nearer). */
  readonly points: Float32Array;
  /** The net's face-presence probability in [0, 1]: near 0 for masks, animals and false detections. */
  readonly score: number;
}

export interface FaceMeshBackend {
  /** E.g. "MediaPipe face mesh + iris, tfjs 4.22.0 wasm (node)". */
  readonly description: string;
  /** One upright face crop, MESH_INPUT^2 RGB in [0, 1], HWC. */
  mesh(input: Float32Array): Promise<MeshOutput>;
  /** One eye crop, IRIS_INPUT^2 RGB in [0, 1]: [76, 3] crop pixels, 71 eye contour points then the iris (centre, 4 on its rim). */
  iris(input: Float32Array): Promise<Float32Array>;
}

/** Loads (once) and returns the backend of the runtime the node runs in. */
export type FaceMeshBackendLoader = () => Promise<FaceMeshBackend>;
