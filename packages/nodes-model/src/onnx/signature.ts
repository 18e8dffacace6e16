import { onnx, type OnnxTypes } from './onnx-proto.js';

/** Element types as onnxruntime names them, so contracts, signatures and feeds use one vocabulary. */
export type OnnxDtype = 'float32' | 'float16' | 'int32' | 'int64' | 'uint8' | 'bool' | 'unknown';

/** One axis: a fixed size, or a symbolic name (dynamic). */
export type Dim = number | string;

export interface ValueSignature {
  readonly name: string;
  readonly dtype: OnnxDtype;
  readonly shape: readonly Dim[];
}

export interface ModelSignature {
  readonly inputs: readonly ValueSignature[];
  readonly outputs: readonly ValueSignature[];
  readonly opset: number;
}

const dtypeByElem: Record<number, OnnxDtype> = {
  1: 'float32',
  2: 'uint8',
  6: 'int32',
  7: 'int64',
  9: 'bool',
  10: 'float16',
};

/**
 * Reads a model's inputs and outputs from its bytes, without a runtime: contracts are checked
 * before any session is created, so a wrong model costs a parse, not a 300 ms session start.
 * Initializers listed as graph inputs (old exporters do that) are not inputs to feed.
 * `name` (e.g. `model models/refiner.onnx`) starts every error message when given.
 */
export function readSignature(bytes: Uint8Array, name?: string): ModelSignature {
  const prefix = name === undefined ? '' : `${name}: `;
  let model: ReturnType<typeof onnx.ModelProto.decode>;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new Error(`${prefix}not an ONNX model (${describe(e)})`, { cause: e });
  }
  const graph = model.graph;
  if (!graph) throw new Error(`${prefix}not an ONNX model: it has no graph`);
  const initialized = new Set((graph.initializer ?? []).map((t) => t.name));
  const value = (v: OnnxTypes.IValueInfoProto): ValueSignature => {
    const tt = v.type?.tensorType;
    const shape = (tt?.shape?.dim ?? []).map((d: OnnxTypes.TensorShapeProto.IDimension, i: number): Dim =>
      d.dimParam ? d.dimParam : d.dimValue != null && Number(d.dimValue) > 0 ? Number(d.dimValue) : `?${i}`,
    );
    return { name: v.name ?? '', dtype: dtypeByElem[tt?.elemType ?? 0] ?? 'unknown', shape };
  };
  const opset = (model.opsetImport ?? []).find((o) => !o.domain)?.version;
  return {
    inputs: (graph.input ?? []).filter((v) => !initialized.has(v.name ?? '')).map(value),
    outputs: (graph.output ?? []).map(value),
    opset: opset == null ? 0 : Number(opset),
  };
}

// protobufjs throws plain Errors, but a decoder fed garbage may throw anything; keep the message.
function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
