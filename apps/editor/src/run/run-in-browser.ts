import { OutputCache, runGraph, validateGraph, type GraphDocument, type GraphProblem, type RunEvent, type RunResult, type WorkerPool } from '@ffavatar/core';
import { createBrowserWorkerPool, fetchFileAccess } from '@ffavatar/core/browser';
import { registry } from '../registry.js';
import workerUrl from './worker.ts?worker&url';

let pool: WorkerPool | undefined;
// One cache for the session: a rerun after a param change runs only what depends on it.
const cache = new OutputCache();


function workerPool(): WorkerPool {
  pool ??= createBrowserWorkerPool({ url: workerUrl, plugins: registry.specifiers() });
  return pool;
}

const THUMB = '__thumb_';
const CLOUD = '__cloud_';
const AVATAR = '__avatar_';
const MODEL = '__model_';
const PARAMS = '__params_';

export interface BrowserRun {
  result: RunResult | undefined;
  problems: GraphProblem[];
  /** Image outputs by node file id, for thumbnails. */
  images: Map<string, unknown>;
  /** GaussianCloud outputs by node file id (the first item of a mapped node), for the 3D viewer. */
  clouds: Map<string, unknown>;
  /**
   * The first Avatar output with the graph's first HeadModel output (and its first tracked
   * HeadParams, if any), for the driven avatar view; absent when the graph has no such outputs.
   */
  avatar?: { node: string; avatar: unknown; model: unknown; params: unknown } | undefined;
}

/**
 * Runs a graph document with core's executor on the browser worker pool. Every Image (and
 * GaussianCloud) output is added as a graph output of a private copy of the document, so thumbnails come back with the
 * result; the saved file never sees them.
 */
export async function runInBrowser(doc: GraphDocument, opts: { signal: AbortSignal; onEvent(e: RunEvent): void; baseDir: string }): Promise<BrowserRun> {
  const outputs: Record<string, string> = { ...doc.outputs };
  const thumbs = new Map<string, string>();
  const clouds = new Map<string, string>();
  doc.nodes.forEach((n, i) => {
    const def = registry.get(n.type)?.def;
    for (const [port, spec] of Object.entries(def?.outputs ?? {})) {
      if (spec.type.name === 'GaussianCloud' && ![...clouds.values()].includes(n.id)) {
        outputs[`${CLOUD}${i}`] = `${n.id}.${port}`;
        clouds.set(`${CLOUD}${i}`, n.id);
      }
      if (spec.type.name !== 'Image' && spec.type.name !== 'List<Image>') continue;
      if (thumbs.has(n.id)) continue;
      const key = `${THUMB}${i}`;
      outputs[key] = `${n.id}.${port}`;
      thumbs.set(key, n.id);
    }
  });
  // The first output of each of these types: the avatar, its head model, its tracked params.
  const firsts = new Map<string, { key: string; node: string }>();
  const wanted: Record<string, string> = { Avatar: AVATAR, HeadModel: MODEL, HeadParams: PARAMS, 'List<HeadParams>': PARAMS };
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
  if (!plan) return { result: undefined, problems, images: new Map(), clouds: new Map() };
  const roots = { baseDir: new URL(opts.baseDir, location.href).href, outDir: undefined };
  const result = await runGraph(plan, {
    pool: workerPool(),
    cache,
    signal: opts.signal,
    roots,
    files: fetchFileAccess(roots, { assetBase: new URL('/assets/', location.origin) }),
    onEvent: opts.onEvent,
  });
  const images = new Map<string, unknown>();
  for (const [key, nodeId] of thumbs) if (result.outputs[key] !== undefined) images.set(nodeId, result.outputs[key]);
  const cloudValues = new Map<string, unknown>();
  for (const [key, nodeId] of clouds) {
    const v = result.outputs[key];
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) cloudValues.set(nodeId, first);
  }
  const first = (prefix: string) => {
    const f = firsts.get(prefix);
    let v = f && result.outputs[f.key];
    while (Array.isArray(v)) v = v[0];
    return v;
  };
  const avatar = first(AVATAR), model = first(MODEL);
  const found = avatar !== undefined && model !== undefined
    ? { node: firsts.get(AVATAR)!.node, avatar, model, params: first(PARAMS) }
    : undefined;
  return { result, problems: [], images, clouds: cloudValues, avatar: found };
}
