import { mkdir } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { OutputCache, runGraph, type NodeRegistry, type RunResult } from '@ffavatar/core';
import { createNodeWorkerPool, nodeFileAccess, removePendingTempFiles, writeFileAtomic } from '@ffavatar/core/node';
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
  await mkdir(outDir, { recursive: true });
  const roots = { baseDir: dirname(graphPath), outDir };
  const files = nodeFileAccess(roots);

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
  let result: RunResult;
  try {
    result = await runGraph(plan, { pool, cache: new OutputCache(), roots, files, inputs, signal: controller.signal, onEvent: (e) => view.onEvent(e) });
  } finally {
    view.stop();
    await pool.close();
    process.off('SIGINT', onSigint);
  }
  if (result.cancelled) removePendingTempFiles();

  const types = Object.fromEntries(Object.entries(plan.outputs).map(([n, o]) => [n, o.type]));
  const written = result.cancelled ? {} : await writeGraphOutputs(result.outputs, types, files);
  const report: Report = {
    format: 'ffavatar-report', version: 1, graph: graphPath,
    ok: result.ok, cancelled: result.cancelled, ms: result.ms, workers: pool.size,
    nodes: result.nodes, errors: result.errors, outputs: written,
  };
  const reportText = `${JSON.stringify(report, null, 2)}\n`;
  await writeFileAtomic(resolve(outDir, 'report.json'), reportText);
  if (flags.json) process.stdout.write(reportText);
  else if (!result.ok) {
    for (const e of result.errors) process.stderr.write(`error: ${e.node ? `node "${e.node}"` : basename(graphPath)}${e.port ? `, port "${e.port}"` : ''}: ${e.message}\n`);
  }
  return result.cancelled ? EXIT.cancelled : result.ok ? EXIT.ok : EXIT.nodeFailed;
}
