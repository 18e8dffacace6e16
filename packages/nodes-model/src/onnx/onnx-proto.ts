// onnx-proto ships CommonJS with one `onnx` namespace; under NodeNext the default import is the
// whole module, so the namespace is pulled out here once for the writer and the signature reader.
import onnxProto from 'onnx-proto';

export const onnx = onnxProto.onnx;
export type { onnx as OnnxTypes } from 'onnx-proto';
