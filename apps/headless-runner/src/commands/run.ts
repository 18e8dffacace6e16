import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, resolve, sep } from 'node:path';
import {
  errorCodeOf,
  OutputCache,
  runGraph,
  type GraphPlan,
  type NodeRegistry,
  type RunEvent,
  type RunResult,
  type WorkerPool,
} from '@ffavatar/core';
import {
  createNodeWorkerPool,
  diskCacheStore,
  nodeFileAccess,
  removePendingTempFiles,
  removeStaleTempFiles,
  writeFileAtomic,
  writeFileAtomicSync,
} from '@ffavatar/core/node';
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
interface ReportJob {
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
  /** What nodes warned about though they succeeded (also printed on stderr as it happens). */
  warnings: Array<{ node: string; item?: number; message: string }>;
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
  const warnings: Report['warnings'] = [];
  const result = await runGraph(run.plan, {
    pool: run.pool,
    cache: run.cache ?? new OutputCache(),
    roots,
    files,
    inputs: run.inputs,
    signal: run.signal,
    onEvent: (e) => {
      if (e.type === 'node-warning')
        warnings.push({
          node: e.node,
          ...(e.item === undefined ? {} : { item: e.item }),
          message: e.message,
        });
      run.onEvent?.(e);
    },
  });
  const types = Object.fromEntries(Object.entries(run.plan.outputs).map(([n, o]) => [n, o.type]));
  let written: Record<string, unknown> = {};
  const errors = [...result.errors];
  if (!result.cancelled) {
    try {
      written = await writeGraphOutputs(result.outputs, types, files);
    } catch (err) {
      // An output that cannot be written is a failed run, and the report still says so.
      errors.push({ node: '', port: undefined, code: errorCodeOf(err), message: (err as Error).message });
    }
  }
  const report: Report = {
    format: 'ffavatar-report',
    version: 1,
    graph: run.graphPath,
    ok: result.ok && errors.length === result.errors.length,
    cancelled: result.cancelled,
    ms: result.ms,
    workers: run.pool.size,
    nodes: result.nodes,
    errors,
    warnings,
    outputs: run.finalDir
      ? (relocate(written, run.outDir, run.finalDir) as Record<string, unknown>)
      : written,
    ...(run.job ? { job: run.job } : {}),
  };
  await writeFileAtomic(resolve(run.outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

/** Rewrites every string path inside `from` to the same path inside `to`. */
function relocate(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string')
    return value === from || value.startsWith(`${from}${sep}`) ? to + value.slice(from.length) : value;
  if (Array.isArray(value)) return value.map((v) => relocate(v, from, to));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, relocate(v, from, to)]));
  return value;
}

/** Exit code per signal: 128 + its number, what a shell reports for a process it killed. */
const SIGNAL_EXIT = { SIGINT: EXIT.cancelled, SIGTERM: EXIT.terminated } as const;
type HandledSignal = keyof typeof SIGNAL_EXIT;

/** The sentence for an `--out` that cannot be made or written (errno in brackets, for searching). */
export function outDirProblem(outDir: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === 'EEXIST'
      ? 'it is a file, not a folder'
      : code === 'ENOTDIR'
        ? 'a part of the path is a file, not a folder'
        : code === 'EROFS'
          ? 'it is on a read-only file system'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : code === 'ENOSPC'
              ? 'the disk is full'
              : (err as Error).message;
  return `--out ${outDir}: cannot write there: ${why}${code ? ` (${code})` : ''}`;
}

/**
 * Makes `--out` (and its parents) and checks it can be written, before any worker starts: a file
 * in the way, a read-only disk or a folder without write permission is a sentence and exit 2,
 * not a failure deep inside a save node. Then removes temp files that crashed runs left there.
 */
function prepareOutDir(outDir: string, warn: (message: string) => void = () => {}): void {
  try {
    mkdirSync(outDir, { recursive: true });
    if (!statSync(outDir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'EEXIST' });
    accessSync(outDir, constants.W_OK);
  } catch (err) {
    throw new UsageError(outDirProblem(outDir, err));
  }
  const stale = removeStaleTempFiles(outDir);
  if (stale.length > 0)
    warn(
      `removed ${stale.length} temp file${stale.length === 1 ? '' : 's'} left in ${outDir} by an interrupted run`,
    );
}

/**
 * `ffavatar run`: validate, run in a worker pool, write outputs and report.json. SIGINT (Ctrl-C)
 * and SIGTERM are handled alike: the first cancels the run, nodes stop cooperatively, temp files
 * are removed and report.json says it was cancelled (exit 130 / 143); a second one does the
 * cleaning synchronously, writes what the report knows so far, and exits at once.
 */
/** The --cache folder (made if missing), checked before anything runs: a file in its way is a usage error. */
function openCache(dir: string | undefined): OutputCache | undefined {
  if (!dir) return undefined;
  try {
    return new OutputCache(undefined, diskCacheStore(resolve(dir)));
  } catch (err) {
    const errno = (err as NodeJS.ErrnoException).code;
    const why =
      errno === 'EEXIST' || errno === 'ENOTDIR'
        ? 'a file is in the way; give a folder'
        : (errno ?? (err as Error).message);
    throw new UsageError(`--cache ${dir}: cannot use it as the cache folder: ${why}`);
  }
}

export async function runCommand(registry: NodeRegistry, flags: RunFlags): Promise<number> {
  if (!flags.out) throw new UsageError('run needs --out DIR (where outputs and report.json go)');
  const graphPath = resolve(flags.graph);
  const plan = await loadGraphFile(graphPath, registry, flags.sets);
  const say = (message: string) => process.stderr.write(`${message}\n`);
  const inputs = parseGraphInputs(plan, flags.inputs, { warn: say });
  const outDir = resolve(flags.out);
  const cache = openCache(flags.cache ?? process.env.FFAVATAR_CACHE);
  prepareOutDir(outDir, say);

  const controller = new AbortController();
  const started = performance.now();
  // What a report written in a hurry (second signal) can say: the nodes finished or failed so far.
  const seen: Pick<Report, 'nodes' | 'errors' | 'warnings'> = { nodes: {}, errors: [], warnings: [] };
  let reportWritten = false;
  let signalled: HandledSignal | undefined;
  const onSignal = (signal: HandledSignal) => {
    if (signalled === undefined) {
      signalled = signal;
      process.stderr.write(
        `\ncancelling (${signal}; ${signal === 'SIGINT' ? 'Ctrl-C' : 'send it'} again to quit at once)\n`,
      );
      controller.abort();
      return;
    }
    removePendingTempFiles();
    if (!reportWritten) {
      const report: Report = {
        format: 'ffavatar-report',
        version: 1,
        graph: graphPath,
        ok: false,
        cancelled: true,
        ms: performance.now() - started,
        workers: flags.workers ?? 0,
        nodes: seen.nodes,
        errors: seen.errors,
        warnings: seen.warnings,
        outputs: {},
      };
      try {
        writeFileAtomicSync(resolve(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
      } catch {
        /* exiting anyway */
      }
    }
    process.exit(SIGNAL_EXIT[signal]);
  };
  const onSigint = () => onSignal('SIGINT');
  const onSigterm = () => onSignal('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);

  const pool = createNodeWorkerPool({
    plugins: registry.specifiers(),
    ...(flags.workers ? { size: flags.workers } : {}),
  });
  const view = createProgressView();
  const onEvent = (e: RunEvent) => {
    if (e.type === 'node-finished') seen.nodes[e.node] = e.report;
    if (e.type === 'node-warning')
      seen.warnings.push({
        node: e.node,
        ...(e.item === undefined ? {} : { item: e.item }),
        message: e.message,
      });
    if (e.type === 'node-error')
      seen.errors.push({
        node: e.node,
        port: e.port,
        code: e.code,
        message: e.message,
        ...(e.item === undefined ? {} : { item: e.item }),
      });
    view.onEvent(e);
  };
  let report: Report;
  try {
    report = await runGraphToFolder({
      plan,
      graphPath,
      inputs,
      outDir,
      pool,
      signal: controller.signal,
      onEvent,
      ...(cache ? { cache } : {}),
    });
    reportWritten = true;
  } finally {
    view.stop();
    await pool.close();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  }
  // This process runs one graph, so every pending temp file is this run's.
  if (report.cancelled) removePendingTempFiles();

  if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (!report.ok) {
    for (const e of report.errors) {
      const where = `${e.node ? `node "${e.node}"` : basename(graphPath)}${e.port ? `, port "${e.port}"` : ''}`;
      // A mapped node's item, unless its own message already names it.
      const item = e.item !== undefined && !e.message.includes(`item ${e.item}`) ? ` (item ${e.item})` : '';
      process.stderr.write(`error: ${where}: ${e.message}${item}\n`);
    }
  }
  if (report.cancelled) return SIGNAL_EXIT[signalled ?? 'SIGINT'];
  return report.ok ? EXIT.ok : EXIT.nodeFailed;
}
