import {
  OutputCache,
  runGraph,
  validateGraph,
  type GraphDocument,
  type GraphProblem,
  type RunEvent,
  type RunResult,
  type WorkerPool,
} from '@ffavatar/core';
import { createBrowserWorkerPool, fetchFileAccess } from '@ffavatar/core/browser';
import { withLocalFiles } from '../files/local-files.js';
import { registry } from '../registry.js';
import workerUrl from './worker.ts?worker&url';

let pool: { pool: WorkerPool; specifiers: string } | undefined;
// One cache for the session: a rerun after a param change runs only what depends on it.
const cache = new OutputCache();

/** The pool for the registry's packages; a new one when user packages changed them. */
function workerPool(): WorkerPool {
  const specifiers = registry.specifiers();
  if (pool && pool.specifiers !== specifiers.join('\n')) {
    void pool.pool.close();
    pool = undefined;
    // A package replaced under the same node type and version would otherwise answer from the cache.
    cache.clear();
  }
  pool ??= {
    pool: createBrowserWorkerPool({ url: workerUrl, plugins: specifiers }),
    specifiers: specifiers.join('\n'),
  };
  return pool.pool;
}

const PEEK = '__peek_';
const AVATAR = '__avatar_';
const MODEL = '__model_';
const PARAMS = '__params_';

/** Output types the editor shows: thumbnails and the preview panel, overlays, the 3D viewer. */
const PEEK_TYPES = new Set(['Image', 'GaussianCloud', 'Landmarks', 'Tracking']);

/** One output value the editor shows: the first item when the node was mapped over a list. */
export interface Peek {
  port: string;
  type: string;
  value: unknown;
}

export interface BrowserRun {
  result: RunResult | undefined;
  problems: GraphProblem[];
  /** Per node file id, its Image, GaussianCloud, Landmarks and Tracking outputs, in port order. */
  peeks: Map<string, Peek[]>;
  /**
   * The first Avatar output with the graph's first HeadModel output (and its first tracked
   * HeadParams, if any), for the driven avatar view; absent when the graph has no such outputs.
   */
  avatar?: { node: string; avatar: unknown; model: unknown; params: unknown } | undefined;
  /** The graph's first HeadModel output, for mesh overlays. */
  model?: unknown;
}

/**
 * Runs a graph document with core's executor on the browser worker pool. The outputs the editor
 * shows (PEEK_TYPES, the avatar and its head model) are added as graph outputs of a private copy
 * of the document, so they come back with the result; the saved file never sees them.
 */
export async function runInBrowser(
  saved: GraphDocument,
  opts: {
    signal: AbortSignal;
    onEvent(e: RunEvent): void;
    baseDir: string;
    inputs?: Record<string, unknown> | undefined;
  },
): Promise<BrowserRun> {
  const doc = withLocalFiles(saved);
  const outputs: Record<string, string> = { ...doc.outputs };
  const peeks = new Map<string, { node: string; port: string; type: string }>();
  doc.nodes.forEach((n, i) => {
    const def = registry.get(n.type)?.def;
    for (const [port, spec] of Object.entries(def?.outputs ?? {})) {
      const type = spec.type.name.replace(/^List<(.*)>$/, '$1');
      if (!PEEK_TYPES.has(type)) continue;
      const key = `${PEEK}${i}_${port}`;
      outputs[key] = `${n.id}.${port}`;
      peeks.set(key, { node: n.id, port, type });
    }
  });
  // The first output of each of these types: the avatar, its head model, its tracked params.
  const firsts = new Map<string, { key: string; node: string }>();
  const wanted: Record<string, string> = {
    Avatar: AVATAR,
    HeadModel: MODEL,
    HeadParams: PARAMS,
    'List<HeadParams>': PARAMS,
  };
  doc.nodes.forEach((n, i) => {
    const def = registry.get(n.type)?.def;
    for (const [port, spec] of Object.entries(def?.outputs ?? {})) {
      const prefix = wanted[spec.type.name];
      if (!prefix || firsts.has(prefix)) continue;
      outputs[`${prefix}${i}`] = `${n.id}.${port}`;
      firsts.set(prefix, { key: `${prefix}${i}`, node: n.id });
    }
  });
  const { plan, problems } = validateGraph({ ...doc, outputs }, registry);
  if (!plan) return { result: undefined, problems, peeks: new Map() };
  const roots = { baseDir: new URL(opts.baseDir, location.href).href, outDir: undefined };
  const result = await runGraph(plan, {
    pool: workerPool(),
    cache,
    signal: opts.signal,
    inputs: opts.inputs,
    roots,
    files: fetchFileAccess(roots, { assetBase: new URL('/assets/', location.origin) }),
    onEvent: opts.onEvent,
  });
  const found = new Map<string, Peek[]>();
  for (const [key, { node, port, type }] of peeks) {
    let value = result.outputs[key];
    while (Array.isArray(value)) value = value[0];
    if (value === undefined) continue;
    found.set(node, [...(found.get(node) ?? []), { port, type, value }]);
  }
  const first = (prefix: string) => {
    const f = firsts.get(prefix);
    let v = f && result.outputs[f.key];
    while (Array.isArray(v)) v = v[0];
    return v;
  };
  const avatar = first(AVATAR),
    model = first(MODEL);
  const live =
    avatar !== undefined && model !== undefined
      ? { node: firsts.get(AVATAR)!.node, avatar, model, params: first(PARAMS) }
      : undefined;
  return { result, problems: [], peeks: found, avatar: live, model };
}
