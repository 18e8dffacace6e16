/**
 * The operations the reference architectures are written in. Each architecture is written once
 * against this interface and run twice: `EagerOps` computes it in TypeScript (the reference),
 * `OnnxOps` records it as an ONNX graph; the tests hold onnxruntime's run of the second to the
 * first. Broadcasting, matmul batching, reshape (0 copies an axis, -1 infers it) and the last-axis
 * softmax/layer norm follow ONNX semantics.
 */
export interface Ops<T> {
  /** A weight of the architecture, f32, from the weight source (seeded or a file). */
  weight(name: string, shape: readonly number[], init: WeightInit): T;
  matmul(a: T, b: T): T;
  add(a: T, b: T): T;
  mul(a: T, b: T): T;
  scale(a: T, s: number): T;
  layerNorm(x: T, gamma: T, beta: T): T;
  softmax(x: T): T;
  gelu(x: T): T;
  relu(x: T): T;
  sigmoid(x: T): T;
  transpose(x: T, perm: readonly number[]): T;
  reshape(x: T, shape: readonly number[]): T;
  /** Mean over axis 0, kept as size 1 (fusing images into one canonical set). */
  meanAxis0(x: T): T;
}

/** How a seeded weight starts: normal with a std (fan-in scaled by the caller), or a constant. */
export type WeightInit = { kind: 'normal'; std: number } | { kind: 'const'; value: number };

export const LAYER_NORM_EPS = 1e-5;
