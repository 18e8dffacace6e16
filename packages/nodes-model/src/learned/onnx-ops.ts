import { OnnxGraphWriter } from '../onnx/graph-writer.js';
import { LAYER_NORM_EPS, type Ops } from './ops.js';
import type { WeightSource } from './weights.js';

/** Records the architecture as ONNX nodes; a value is the name of an ONNX tensor. */
export class OnnxOps implements Ops<string> {
  constructor(
    readonly g: OnnxGraphWriter,
    private readonly weights: WeightSource,
  ) {}

  weight(name: string, shape: readonly number[], init: Parameters<WeightSource['get']>[2]): string {
    return this.g.floats(name, shape, this.weights.get(name, shape, init));
  }
  matmul(a: string, b: string) {
    return this.g.node('MatMul', [a, b]);
  }
  add(a: string, b: string) {
    return this.g.node('Add', [a, b]);
  }
  mul(a: string, b: string) {
    return this.g.node('Mul', [a, b]);
  }
  scale(a: string, s: number) {
    return this.g.node('Mul', [a, this.g.scalar(s)]);
  }
  layerNorm(x: string, gamma: string, beta: string) {
    return this.g.node('LayerNormalization', [x, gamma, beta], { axis: -1, epsilon: LAYER_NORM_EPS });
  }
  softmax(x: string) {
    return this.g.node('Softmax', [x], { axis: -1 });
  }
  gelu(x: string) {
    // Exact GELU, 0.5 x (1 + erf(x / sqrt 2)): the Gelu op only arrives in opset 20.
    const e = this.g.node('Erf', [this.scale(x, Math.SQRT1_2)]);
    return this.g.node('Mul', [this.scale(x, 0.5), this.g.node('Add', [e, this.g.scalar(1)])]);
  }
  relu(x: string) {
    return this.g.node('Relu', [x]);
  }
  sigmoid(x: string) {
    return this.g.node('Sigmoid', [x]);
  }
  transpose(x: string, perm: readonly number[]) {
    return this.g.node('Transpose', [x], { perm: [...perm] });
  }
  reshape(x: string, shape: readonly number[]) {
    return this.g.node('Reshape', [x, this.g.int64s(shape)]);
  }
  meanAxis0(x: string) {
    return this.g.node('ReduceMean', [x], { axes: [0], keepdims: 1 });
  }
}
