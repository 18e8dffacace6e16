#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { errorCodeOf, graphJsonSchema, NodeError } from '@ffavatar/core';
import { INPUT_KINDS, limitEnvName, parseByteSize, type InputKind } from '@ffavatar/core/node';
import { assetsCommand } from './commands/assets.js';
import { batchCliCommand } from './commands/batch.js';
import { nodesCommand } from './commands/nodes.js';
import { runCommand } from './commands/run.js';
import { workerCommand } from './commands/worker.js';
import { EXIT, UsageError } from './errors.js';
import { InvalidGraphError, loadGraphFile } from './graph-file.js';
import { loadRegistry } from './plugins-config.js';

const USAGE = `usage: ffavatar <command> [options]

commands:
  nodes [--json]                      list every node type: ports, port types, params
  validate <graph.json>               check a graph; exit 0 if valid, 2 with every problem otherwise
  run <graph.json> --out DIR          run a graph; outputs and report.json go to DIR
      [--input NAME=VALUE ...]        bind a graph input (repeat for a List input; a folder stands for its files)
      [--images PATH ...]             short for --input images=PATH
      [--set NODE.PARAM=VALUE ...]    override a param (VALUE is JSON, or a plain string)
      [--workers N] [--json]          worker count; print report.json on stdout
      [--cache DIR]                   reuse outputs of earlier runs kept in DIR (or $FFAVATAR_CACHE)
      [--max-bytes KIND=SIZE ...]     raise or lower an input cap (image, ply, onnx, npz, graph, other), e.g. image=1G
  batch <graph.json> --items FOLDER|LIST.json|GLOB --out DIR
                                      one run per item into DIR/<item>/, summed up in DIR/batch.json;
                                      items finished by an earlier run are skipped
      [--input ...] [--set ...]       as for run, shared by every item
      [--item-input NAME]             the graph input each item binds (default: the graph's only input)
      [--concurrency N] [--workers N] local worker processes (default: one per core); threads in each
      [--timeout S]                   cancel and retry an item that runs longer than S seconds
      [--queue redis://[:PASSWORD@]HOST:PORT[/DB]] [--detach]
                                      enqueue on BullMQ for \`ffavatar worker\` processes, and wait (or not)
  batch status <batch-id> --queue URL report a batch enqueued on Redis; update its batch.json
  worker --queue URL                  run batch items from Redis until Ctrl-C (finish them; twice: hand back)
      [--concurrency N] [--workers N] items at once; node threads (default: as many as items)
      [--lock-duration MS] [--stalled-interval MS]  BullMQ's dead-worker detection (default 30000 each)
  schema                              print the graph format's JSON Schema
  assets [--build-ict DIR [--out D]]  show where assets are found; build the ICT npz from an ICT-FaceKit checkout
      [--download-ict URL --sha256 HEX] or from an ICT-FaceKit zip archive, checked before use

options for every command:
  --plugin SPEC                       load a node package (package name or path); repeatable
  --config FILE                       read plugins from FILE (default: ffavatar.config.json, searched upwards)
  --debug                             print the stack trace of an internal error

exit codes: 0 ok, 1 a node failed, 2 bad usage, invalid graph or unusable file, 130 cancelled (SIGINT),
143 cancelled (SIGTERM)`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
      input: { type: 'string', multiple: true, default: [] },
      images: { type: 'string', multiple: true, default: [] },
      set: { type: 'string', multiple: true, default: [] },
      plugin: { type: 'string', multiple: true, default: [] },
      config: { type: 'string' },
      workers: { type: 'string' },
      cache: { type: 'string' },
      items: { type: 'string' },
      'item-input': { type: 'string' },
      concurrency: { type: 'string' },
      queue: { type: 'string' },
      detach: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      'lock-duration': { type: 'string' },
      'stalled-interval': { type: 'string' },
      'build-ict': { type: 'string' },
      'download-ict': { type: 'string' },
      sha256: { type: 'string' },
      'max-bytes': { type: 'string', multiple: true, default: [] },
      debug: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? EXIT.ok : EXIT.usage;
  }
  applyByteLimits(values['max-bytes']);
  const registry = await loadRegistry({ plugins: values.plugin, config: values.config });
  switch (command) {
    case 'nodes':
      process.stdout.write(nodesCommand(registry, values.json));
      return EXIT.ok;
    case 'schema':
      process.stdout.write(`${JSON.stringify(graphJsonSchema(registry), null, 2)}\n`);
      return EXIT.ok;
    case 'assets':
      return assetsCommand({
        buildIct: values['build-ict'],
        downloadIct: values['download-ict'],
        sha256: values.sha256,
        out: values.out,
        json: values.json,
      });
    case 'validate': {
      const file = needOne(rest, 'validate <graph.json>');
      const plan = await loadGraphFile(file, registry);
      process.stdout.write(
        values.json
          ? `${JSON.stringify({ valid: true, problems: [] })}\n`
          : `${file}: valid (${plan.order.length} nodes)\n`,
      );
      return EXIT.ok;
    }
    case 'run': {
      const workers = values.workers === undefined ? undefined : Number(values.workers);
      if (workers !== undefined && !(Number.isInteger(workers) && workers > 0))
        throw new UsageError(`--workers ${values.workers}: expected a positive integer`);
      return runCommand(registry, {
        graph: needOne(rest, 'run <graph.json> --out DIR'),
        out: values.out,
        inputs: [...values.input, ...values.images.map((p) => `images=${p}`)],
        sets: values.set,
        json: values.json,
        workers,
        cache: values.cache,
      });
    }
    case 'batch':
      return batchCliCommand(registry, rest, values);
    case 'worker':
      return workerCommand(rest, values);
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

/**
 * `--max-bytes image=1G` sets the variable core's readers look up, so worker threads (which copy
 * the environment when they start) see it too. Malformed values, given either way, stop here.
 */
function applyByteLimits(flags: readonly string[]): void {
  for (const flag of flags) {
    const m = /^([a-z]+)=(.+)$/.exec(flag);
    const kind = m?.[1] as InputKind | undefined;
    if (!m || !INPUT_KINDS.includes(kind!))
      throw new UsageError(
        `--max-bytes ${flag}: expected KIND=SIZE with KIND one of ${INPUT_KINDS.join(', ')}`,
      );
    if (parseByteSize(m[2]!) === undefined)
      throw new UsageError(`--max-bytes ${flag}: expected a size such as 200M or 1G`);
    process.env[limitEnvName(kind!)] = m[2]!;
  }
  for (const kind of INPUT_KINDS) {
    const raw = process.env[limitEnvName(kind)];
    if (raw !== undefined && raw !== '' && parseByteSize(raw) === undefined)
      throw new UsageError(`${limitEnvName(kind)}=${raw}: expected a size such as 200M or 1G`);
  }
}

function needOne(rest: string[], usage: string): string {
  if (rest.length !== 1) throw new UsageError(`usage: ffavatar ${usage}`);
  return rest[0]!;
}

const debug = process.argv.includes('--debug');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof InvalidGraphError) {
      if (process.argv.includes('--json'))
        process.stdout.write(
          `${JSON.stringify({ valid: false, file: err.file, problems: err.problems }, null, 2)}\n`,
        );
      process.stderr.write(`${err.message}\n`);
      process.exitCode = EXIT.usage;
    } else if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`ffavatar: ${(err as Error).message}\n`);
      process.exitCode = EXIT.usage;
    } else if (isUserFacing(err)) {
      // A file or folder the user named cannot be used (read-only, missing, a device): their
      // environment, not a bug, so a sentence and exit 2 instead of a stack trace.
      process.stderr.write(`ffavatar: ${(err as Error).message}\n`);
      if (debug) process.stderr.write(`${(err as Error).stack ?? ''}\n`);
      process.exitCode = EXIT.usage;
    } else {
      process.stderr.write(
        debug
          ? `ffavatar: internal error: ${(err as Error).stack ?? String(err)}\n`
          : `ffavatar: internal error: ${err instanceof Error ? err.message : String(err)} (run again with --debug for the stack trace)\n`,
      );
      process.exitCode = EXIT.nodeFailed;
    }
  },
);

function isUserFacing(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err instanceof NodeError) return err.code !== 'internal';
  const code = errorCodeOf(err);
  return code === 'io' || code === 'unavailable';
}
