// The only module that imports onnxruntime-web: everything else speaks plain typed arrays, so a
// second runtime (onnxruntime-node, the WebGPU EP) is one more module of this shape.
import * as ort from 'onnxruntime-web';
import { AbortError, hashValue, initHashing, type FileAccess } from '@ffavatar/core';
import { ortConfig } from './ort-config.js';
import { checkModelSize, DEFAULT_MAX_MODEL_BYTES, ModelTooLargeError } from './limits.js';
import { readSignature, type ModelSignature } from './signature.js';

/** A tensor crossing the runtime boundary; row-major. */
export type RuntimeTensor =
  | { readonly dtype: 'float32'; readonly shape: readonly number[]; readonly data: Float32Array }
  | { readonly dtype: 'int32'; readonly shape: readonly number[]; readonly data: Int32Array }
  | { readonly dtype: 'int64'; readonly shape: readonly number[]; readonly data: BigInt64Array }
  | { readonly dtype: 'uint8'; readonly shape: readonly number[]; readonly data: Uint8Array };

export interface OnnxSession {
  /** Content hash of the model bytes: the cache key, and what a report can name. */
  readonly key: string;
  readonly bytes: number;
  readonly signature: ModelSignature;
  readonly backend: string;
  run(feeds: Record<string, RuntimeTensor>, signal?: AbortSignal): Promise<Record<string, RuntimeTensor>>;
}

export { ModelTooLargeError };

/**
 * Where onnxruntime-web runs a model: `wasm` (CPU, everywhere) or `webgpu` (its JSEP WebGPU
 * execution provider; browsers only, needs `navigator.gpu`). Ops the WebGPU EP lacks fall back to
 * wasm inside the same session.
 */
export type ExecutionProvider = 'wasm' | 'webgpu';

export interface OpenSessionOptions {
  maxBytes?: number;
  /** What the size error names, e.g. `model models/refiner.onnx`. */
  name?: string;
  /** Default: `ortConfig.executionProvider` (wasm unless an entry set it). */
  executionProvider?: ExecutionProvider;
}
/** Sessions kept per process or worker; the least recently used one is released beyond this. */
const MAX_SESSIONS = 8;

interface Entry {
  session: Promise<ort.InferenceSession>;
  queue: Promise<unknown>;
}
const sessions = new Map<string, Entry>();
let configured = false;

function configure(): void {
  if (configured) return;
  configured = true;
  // One wasm thread: the executor already runs nodes in parallel workers, and nested thread
  // pools there oversubscribe the cores (and need cross-origin isolation in a browser).
  ort.env.wasm.numThreads = 1;
  // Browsers only (Node reads the files from the installed package); unset, ort looks beside the
  // module that bundles it.
  if (ortConfig.wasmPaths) ort.env.wasm.wasmPaths = ortConfig.wasmPaths;
}

/**
 * A session for these model bytes, made once per content hash and reused. The bytes are copied
 * into the runtime, so the caller may transfer or drop its buffer afterwards.
 */
export async function openSession(bytes: Uint8Array, opts: OpenSessionOptions = {}): Promise<OnnxSession> {
  checkModelSize(bytes.byteLength, opts.maxBytes ?? DEFAULT_MAX_MODEL_BYTES, opts.name ?? 'the model');
  const ep = opts.executionProvider ?? ortConfig.executionProvider;
  if (ep === 'webgpu' && !(typeof navigator !== 'undefined' && 'gpu' in navigator)) {
    throw new Error(
      `${opts.name ?? 'the model'}: the webgpu execution provider needs navigator.gpu (a browser with WebGPU, in a secure context); use wasm`,
    );
  }
  configure();
  await initHashing();
  const name = opts.name ?? 'the model';
  const key = hashValue(bytes);
  const signature = readSignature(bytes, name);
  const cacheKey = `${ep}:${key}`;
  let entry = sessions.get(cacheKey);
  if (entry) {
    sessions.delete(cacheKey); // re-insert: Map order is the LRU order
  } else {
    // ort may keep a view on the buffer: give it its own copy so a later transfer cannot detach it.
    // new Uint8Array, not slice(): on a Node Buffer (protobufjs output) slice() is a view.
    const own = new Uint8Array(bytes);
    entry = { session: createSession(own, ep, name), queue: Promise.resolve() };
    // A failed start is not cached: the next call reports the cause again instead of a stale promise.
    entry.session.catch(() => {
      if (sessions.get(cacheKey) === entry) sessions.delete(cacheKey);
    });
  }
  sessions.set(cacheKey, entry);
  evict();
  const session = await entry.session;
  const held = entry;
  return {
    key,
    bytes: bytes.byteLength,
    signature,
    backend: `onnxruntime-web (${ep})`,
    run(feeds, signal) {
      // Runs on one session are serialised: the wasm backend refuses overlapping runs.
      // ort's run errors ("input 'x' is missing in 'feeds'") name no file; a graph may run several models.
      const result = held.queue
        .then(() => runOnce(session, feeds, signal))
        .catch((e: unknown) => {
          if (e instanceof AbortError) throw e;
          const message = e instanceof Error ? e.message : String(e);
          throw message.startsWith(name)
            ? e
            : new Error(`${name}: onnxruntime failed to run it (${message})`, { cause: e });
        });
      held.queue = result.catch(() => undefined);
      return result;
    },
  };
}

/**
 * ort's own message ("Can't create a session. ERROR_CODE: 7 ... protobuf parsing failed") names no
 * file; a graph may run several models, so the error says which one it was.
 */
async function createSession(
  bytes: Uint8Array,
  ep: ExecutionProvider,
  name: string,
): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(bytes, {
      executionProviders: [ep],
      graphOptimizationLevel: 'all',
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // After some failed loads ort-web reports the next failure as "ERROR_CODE: 0, ERROR_MESSAGE: ".
    const hint = /ERROR_MESSAGE:\s*$/.test(message)
      ? '; onnxruntime gave no reason: the file may be damaged, or not an ONNX model'
      : '';
    throw new Error(`${name}: onnxruntime cannot load it (${message}${hint})`, { cause: e });
  }
}

/** Reads a model file through the node's file access (relative to the graph file), then opens it. */
export async function openSessionFromFile(
  files: FileAccess,
  path: string,
  opts: Omit<OpenSessionOptions, 'name'> = {},
): Promise<OnnxSession> {
  const bytes = await files.read(path);
  return openSession(bytes, { ...opts, name: `model ${path}` });
}

function evict(): void {
  while (sessions.size > MAX_SESSIONS) {
    const [oldest, entry] = sessions.entries().next().value as [string, Entry];
    sessions.delete(oldest);
    void entry.queue
      .then(() => entry.session)
      .then((s) => s.release())
      .catch(() => undefined);
  }
}

async function runOnce(
  session: ort.InferenceSession,
  feeds: Record<string, RuntimeTensor>,
  signal: AbortSignal | undefined,
): Promise<Record<string, RuntimeTensor>> {
  // A wasm run cannot be interrupted; cancellation is honoured before and after each run, so a
  // chain of stages stops at the next boundary.
  if (signal?.aborted) throw new AbortError();
  const ortFeeds: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(feeds))
    ortFeeds[name] = new ort.Tensor(t.dtype, t.data, [...t.shape]);
  const out = await session.run(ortFeeds);
  if (signal) {
    // The run held the thread, so a cancel posted meanwhile is still a message waiting in the
    // event loop; checking now (a microtask later) would miss it and return a cancelled job's
    // result. Let the loop deliver it first (setImmediate runs after pending port messages).
    await yieldToEventLoop();
    if (signal.aborted) {
      for (const t of Object.values(out)) t.dispose();
      throw new AbortError();
    }
  }
  const result: Record<string, RuntimeTensor> = {};
  for (const [name, t] of Object.entries(out)) {
    const shape = [...t.dims];
    // Outputs leave a worker by transfer: a view on a larger or shared buffer (a wasm heap, a
    // pooled staging buffer) would move or fail to move more than the output, so it gets its own.
    // ort 1.30 measured: outputs own their ArrayBuffer exactly, so this never copies today.
    const data = ownBuffer(t.data);
    if (data instanceof Float32Array) result[name] = { dtype: 'float32', shape, data };
    else if (data instanceof Int32Array) result[name] = { dtype: 'int32', shape, data };
    else if (data instanceof BigInt64Array) result[name] = { dtype: 'int64', shape, data };
    else if (data instanceof Uint8Array) result[name] = { dtype: 'uint8', shape, data };
    else throw new Error(`output "${name}" has type ${t.type}, which the stages do not read`);
    t.dispose();
  }
  return result;
}

const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });

function ownBuffer<T>(data: T): T {
  if (!ArrayBuffer.isView(data)) return data;
  const view = data as unknown as ArrayBufferView & { slice(): T };
  const exact =
    view.buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === view.buffer.byteLength;
  return exact ? data : view.slice();
}

/** Sessions currently cached (for tests and reports). */
export function cachedSessionCount(): number {
  return sessions.size;
}
