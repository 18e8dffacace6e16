import type { ExecutionProvider } from './session.js';

/**
 * How this process or worker starts onnxruntime-web, set before the first session. Runtime-free
 * (types only), so an entry can set it without loading ort: the browser entry fills it from its
 * module URL's query (`nodes-model.js?ortWasm=/ort/&ortEp=webgpu`).
 */
export const ortConfig: {
  /** Folder URL of ort's `.wasm` files; unset: beside the module that bundles ort (its import.meta.url). */
  wasmPaths: string | undefined;
  /** The execution provider the nodes' sessions use. */
  executionProvider: ExecutionProvider;
} = { wasmPaths: undefined, executionProvider: 'wasm' };
