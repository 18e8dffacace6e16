import type { DecodedVideo, VideoSelection } from './video-decoding.js';
import type { InputIdentity, NodeMemo } from './node-memo.js';
import { AbortError } from '../errors/node-error.js';

/** Named numbers that travel with a progress report, e.g. `{ loss: 0.041 }`. */
export type ProgressValues = Readonly<Record<string, number>>;

/** What a running node may use besides its inputs and params. The host (CLI, editor, worker) provides it. */
export interface NodeContext {
  readonly nodeId: string;
  /** Set when the node runs once per item of a mapped List input. */
  readonly item: number | undefined;
  readonly signal: AbortSignal;
  /**
   * Reports progress in [0, 1]; cheap to call often (the executor throttles delivery). `values` are
   * numbers a host may plot live (an optimiser's loss), named by the node.
   */
  progress(fraction: number, message?: string, values?: ProgressValues): void;
  /**
   * Tells the user something they should know though the node succeeds (the CLI prints it on
   * stderr, report.json lists it). Optional: a bare test context may leave it out.
   */
  warn?(message: string): void;
  readonly files: FileAccess;
  /**
   * What the engine knows each connected input by (a List's items one by one), for keys in `memo`.
   * Optional: a bare test context may leave it out, and the node then keeps nothing.
   */
  readonly inputIds?: Readonly<Record<string, InputIdentity>>;
  /** Results kept by the node's own keys across runs (per-frame results of a sequence). Optional likewise. */
  readonly memo?: NodeMemo;
}

/**
 * File access for nodes, so node code never touches `fs` or `fetch` directly and runs unchanged in
 * Node, in a worker and in the browser.
 */
export interface FileAccess {
  /** Reads a file. Relative paths resolve against the graph file's folder. */
  read(path: string): Promise<Uint8Array>;
  /**
   * What identifies a file's content for caching: a content hash, memoised by size and mtime so an
   * unchanged file is not read again; for a folder, its listing. Optional: without it the engine
   * hashes what `read` returns.
   */
  fingerprint?(path: string): Promise<string>;
  /** Lists the files of a folder (names, sorted). */
  list(path: string): Promise<string[]>;
  /** Resolves an input path (relative to the graph file's folder) to an absolute one. */
  resolve(path: string): string;
  /**
   * Writes atomically under the run's output folder (temp file, then rename). `relPath` must stay
   * inside it: a path that escapes is refused.
   */
  write(relPath: string, data: Uint8Array | string): Promise<string>;
  /**
   * Decodes frames of a video file (rgba8, upright). Optional: a host without a decoder leaves it
   * out and video nodes say so.
   */
  decodeVideo?(path: string, selection: VideoSelection, signal?: AbortSignal): Promise<DecodedVideo>;
}

/** Where a run's relative paths point. Plain data, so it crosses to workers. */
export interface FileRoots {
  /** Folder that relative input paths resolve against (the graph file's folder). */
  baseDir: string;
  /** Output folder; undefined when the run writes nothing. */
  outDir: string | undefined;
}

export { AbortError };
export type { InputIdentity, NodeMemo };

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new AbortError();
}
