import { mkdir } from 'node:fs/promises';
import { basename, dirname, resolve, sep } from 'node:path';
import { OutputCache, runGraph, type GraphPlan, type NodeRegistry, type RunEvent, type RunResult, type WorkerPool } from '@ffavatar/core';
import { createNodeWorkerPool, diskCacheStore, nodeFileAccess, removePendingTempFiles, writeFileAtomic } from '@ffavatar/core/node';
import { EXIT, UsageError } from '../errors.js';
import { loadGraphFile } from '../graph-file.js';
import { parseGraphInputs } from '../graph-inputs.js';
import { createProgressView } from '../progress.js';
import { writeGraphOutputs } from '../write-outputs.js';

export interface RunFlags {
  graph: string;
  out: string | undefined;
  inputs: string[];
  sets: string[];
  json: boolean;
  workers: number | undefined;
  /** Folder of a disk cache shared by runs (`--cache`, or $FFAVATAR_CACHE): unchanged branches are reused. */
  cache: string | undefined;
}

/** What a batch item's report records about the job that made it (absent for `ffavatar run`). */
export interface ReportJob {
  batch: string;
  item: string;
  /** Hash of graph, item inputs and output folder: a later batch reuses the item only if it matches. */
  key: string;
  /** `host:pid` of the process that ran it. */
  worker: string;
  attempt: number;
}

export interface Report {
  format: 'ffavatar-report';
  version: 1;
  graph: string;
  ok: boolean;
  cancelled: boolean;
  ms: number;
  workers: number;
  nodes: RunResult['nodes'];
  errors: RunResult['errors'];
  outputs: Record<string, unknown>;
  job?: ReportJob;
}

export interface FolderRun {
  plan: GraphPlan;
  /** Absolute path of the graph file: relative paths inside the graph resolve against its folder. */
  graphPath: string;
  inputs: Record<string, unknown>;
  outDir: string;
  pool: WorkerPool;
  signal: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  job?: ReportJob;
  /** Outputs of earlier runs (a disk cache): what did not change is not computed again. */
  cache?: OutputCache;
  /**
   * Where `outDir` will be moved once the run is complete (a batch item runs in a temp folder):
   * paths in the report name this folder instead, so they stay true after the move.
   */
  finalDir?: string;
}

/**
 * Runs a validated graph into `outDir`: save nodes write there, declared outputs are written next to
 * them, and report.json last (atomically), so a folder with a report is a finished run. Shared by
 * `ffavatar run` and each item of `ffavatar batch`. Returns the report it wrote.
 */
export async function runGraphToFolder(run: FolderRun): Promise<Report> {
  await mkdir(run.outDir, { recursive: true });
  const roots = { baseDir: dirname(run.graphPath), outDir: run.outDir };
  const files = nodeFileAccess(roots);
  const result = await runGraph(run.plan, {
    pool: run.pool, cache: run.cache ?? new OutputCache(), roots, files, inputs: run.inputs, signal: run.signal,
    ...(run.onEvent ? { onEvent: run.onEvent } : {}),
  });
  const types = Object.fromEntries(Object.entries(run.plan.outputs).map(([n, o]) => [n, o.type]));
  const written = result.cancelled ? {} : await writeGraphOutputs(result.outputs, types, files);
  const report: Report = {
    format: 'ffavatar-report', version: 1, graph: run.graphPath,
    ok: result.ok, cancelled: result.cancelled, ms: result.ms, workers: run.pool.size,
    nodes: result.nodes, errors: result.errors,
    outputs: run.finalDir ? relocate(written, run.outDir, run.finalDir) as Record<string, unknown> : written,
    ...(run.job ? { job: run.job } : {}),
  };
  await writeFileAtomic(resolve(run.outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

/** Rewrites every string path inside `from` to the same path inside `to`. */
function relocate(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') return value === from || value.startsWith(`${from}${sep}`) ? to + value.slice(from.length) : value;
  if (Array.isArray(value)) return value.map((v) => relocate(v, from, to));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, relocate(v, from, to)]));
  return value;
}

/**
 * `ffavatar run`: validate, run in a worker pool, write outputs and report.json. Ctrl-C aborts the
 * run; nodes stop cooperatively and temp files are removed, so nothing is left half-written.
 */
export async function runCommand(registry: NodeRegistry, flags: RunFlags): Promise<number> {
  if (!flags.out) throw new UsageError('run needs --out DIR (where outputs and report.json go)');
  const graphPath = resolve(flags.graph);
  const plan = await loadGraphFile(graphPath, registry, flags.sets);
  const inputs = parseGraphInputs(plan, flags.inputs);
  const outDir = resolve(flags.out);

  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('\ncancelling (Ctrl-C again to quit at once)\n');
      controller.abort();
    } else {
      removePendingTempFiles();
      process.exit(EXIT.cancelled);
    }
  };
  process.on('SIGINT', onSigint);

  const pool = createNodeWorkerPool({ plugins: registry.specifiers(), ...(flags.workers ? { size: flags.workers } : {}) });
  const view = createProgressView();
  let report: Report;
  try {
    const cacheDir = flags.cache ?? process.env.FFAVATAR_CACHE;
    const cache = cacheDir ? new OutputCache(undefined, diskCacheStore(resolve(cacheDir))) : undefined;
    report = await runGraphToFolder({ plan, graphPath, inputs, outDir, pool, signal: controller.signal, onEvent: (e) => view.onEvent(e), ...(cache ? { cache } : {}) });
  } finally {
    view.stop();
    await pool.close();
    process.off('SIGINT', onSigint);
  }
  // This process runs one graph, so every pending temp file is this run's.
  if (report.cancelled) removePendingTempFiles();

  if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (!report.ok) {
    for (const e of report.errors) process.stderr.write(`error: ${e.node ? `node "${e.node}"` : basename(graphPath)}${e.port ? `, port "${e.port}"` : ''}: ${e.message}\n`);
  }
  return report.cancelled ? EXIT.cancelled : report.ok ? EXIT.ok : EXIT.nodeFailed;
}
