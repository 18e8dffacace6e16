import { onnx, type OnnxTypes } from './onnx-proto.js';
import type { Dim } from './signature.js';

type Attr = number | number[] | string;

/**
 * Writes an ONNX graph from TypeScript (opset 17: LayerNormalization is there, ReduceMean still
 * takes its axes as an attribute). Values are named by the caller or numbered; weights are f32
 * initializers stored as raw little-endian bytes.
 */
export class OnnxGraphWriter {
  private readonly nodes: OnnxTypes.INodeProto[] = [];
  private readonly initializers: OnnxTypes.ITensorProto[] = [];
  private readonly inputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly outputs: OnnxTypes.IValueInfoProto[] = [];
  private counter = 0;
  static readonly OPSET = 17;

  constructor(private readonly name: string) {}

  fresh(hint: string): string {
    return `${hint}_${this.counter++}`;
  }

  input(name: string, shape: readonly Dim[], elem = onnx.TensorProto.DataType.FLOAT): string {
    this.inputs.push(valueInfo(name, shape, elem));
    return name;
  }

  output(value: string, name: string, shape: readonly Dim[]): void {
    // Outputs get their contract names through an Identity, so internal naming stays free.
    this.node('Identity', [value], {}, name);
    this.outputs.push(valueInfo(name, shape, onnx.TensorProto.DataType.FLOAT));
  }

  floats(name: string, shape: readonly number[], data: Float32Array): string {
    this.initializers.push({
      name,
      dims: [...shape],
      dataType: onnx.TensorProto.DataType.FLOAT,
      rawData: bytesOf(data),
    });
    return name;
  }

  int64s(values: readonly number[]): string {
    const name = this.fresh('const_i64');
    this.initializers.push({
      name,
      dims: [values.length],
      dataType: onnx.TensorProto.DataType.INT64,
      rawData: bytesOf(BigInt64Array.from(values, BigInt)),
    });
    return name;
  }

  scalar(value: number): string {
    const name = this.fresh('const_f32');
    this.initializers.push({
      name,
      dims: [],
      dataType: onnx.TensorProto.DataType.FLOAT,
      rawData: bytesOf(Float32Array.of(value)),
    });
    return name;
  }

  node(
    op: string,
    inputs: readonly string[],
    attrs: Record<string, Attr> = {},
    out = this.fresh(op.toLowerCase()),
  ): string {
    const attribute = Object.entries(attrs).map(([name, v]) => {
      const A = onnx.AttributeProto.AttributeType;
      if (typeof v === 'string') return { name, type: A.STRING, s: new TextEncoder().encode(v) };
      if (Array.isArray(v)) return { name, type: A.INTS, ints: v };
      return Number.isInteger(v) && name !== 'epsilon' && name !== 'alpha'
        ? { name, type: A.INT, i: v }
        : { name, type: A.FLOAT, f: v };
    });
    this.nodes.push({ opType: op, input: [...inputs], output: [out], name: out, attribute });
    return out;
  }

  toBytes(): Uint8Array {
    return onnx.ModelProto.encode({
      irVersion: 8,
      producerName: 'ffavatar-studio',
      opsetImport: [{ domain: '', version: OnnxGraphWriter.OPSET }],
      graph: {
        name: this.name,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    }).finish();
  }
}

function valueInfo(name: string, shape: readonly Dim[], elemType: number): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: shape.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

function bytesOf(a: Float32Array | BigInt64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
