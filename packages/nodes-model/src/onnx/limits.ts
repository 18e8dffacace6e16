/**
 * Default refusal size for a model: wasm32 caps the heap at 4 GiB and a model is held twice while
 * a session loads it. Kept apart from session.ts so nodes can name it without loading the runtime.
 */
export const DEFAULT_MAX_MODEL_BYTES = 512 * 1024 * 1024;
