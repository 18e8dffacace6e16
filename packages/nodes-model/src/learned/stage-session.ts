import type { FileAccess } from '@ffavatar/core';
import { AbortError } from '@ffavatar/core';
import { checkContract } from '../onnx/contract.js';
import { checkModelSize } from '../onnx/limits.js';
import type { OnnxSession } from '../onnx/session.js';
import { readSignature } from '../onnx/signature.js';
import { STAGE_CONTRACTS, type StageName } from './contracts.js';
import { buildReferenceModel } from './reference-model.js';
import type { StageSize } from './stage-size.js';
import { safetensorsWeights } from './safetensors.js';
import { seededWeights } from './weights.js';

export interface StageModel {
  readonly session: OnnxSession;
  /** Sizes the model fixes for named axes (E, F, C, ...). */
  readonly axes: ReadonlyMap<string, number>;
  /** `reference (seed 0, untrained)` or the file path: for messages and reports. */
  readonly source: string;
}

/**
 * The model a learned-stage node runs: the user's file when a path is given, else the seeded
 * reference architecture at `size`. Either way the contract is checked on the bytes before a
 * session exists, so a wrong model fails with the contract's message, not a runtime error.
 */
export async function openStageModel(
  stage: StageName,
  opts: {
    files: FileAccess;
    path: string;
    seed: number;
    size: StageSize;
    maxBytes: number;
    /** A safetensors file of reference-architecture weights; empty: seeded. Ignored with a path. */
    weights?: string;
    /** Checked after the file read and after the session starts (each can take a while). */
    signal?: AbortSignal;
  },
): Promise<StageModel> {
  let bytes: Uint8Array, source: string;
  if (opts.path) {
    bytes = await opts.files.read(opts.path);
    source = opts.path;
  } else if (opts.weights) {
    bytes = buildReferenceModel(stage, opts.size, safetensorsWeights(await opts.files.read(opts.weights)));
    source = `reference architecture with ${opts.weights}`;
  } else {
    bytes = referenceBytes(stage, opts.size, opts.seed);
    source = `reference (seed ${opts.seed}, untrained)`;
  }
  // Before parsing anything: a model over the limit is refused by name, not by an out-of-memory.
  checkModelSize(bytes.byteLength, opts.maxBytes, `model ${source}`);
  if (opts.signal?.aborted) throw new AbortError();
  let axes: Map<string, number>;
  try {
    axes = checkContract(STAGE_CONTRACTS[stage], readSignature(bytes));
  } catch (e) {
    throw new Error(`${source}: ${(e as Error).message}`);
  }
  // The runtime loads on first run, not on import: listing nodes or validating a graph never starts it.
  const { openSession } = await import('../onnx/session.js');
  const session = await openSession(bytes, { maxBytes: opts.maxBytes, name: `model ${source}` });
  if (opts.signal?.aborted) throw new AbortError();
  return { session, axes, source };
}

// Building is cheap but not free (weights are generated per call); sessions are cached by hash anyway.
const built = new Map<string, Uint8Array>();
function referenceBytes(stage: StageName, size: StageSize, seed: number): Uint8Array {
  const key = `${stage}:${seed}:${JSON.stringify(size)}`;
  let bytes = built.get(key);
  if (!bytes) {
    bytes = buildReferenceModel(stage, size, seededWeights(seed));
    built.set(key, bytes);
  }
  return bytes;
}
