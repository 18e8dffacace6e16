import cliProgress from 'cli-progress';
import type { BatchHooks } from './batch-hooks.js';
import type { ItemSummary } from './item-summary.js';

export interface BatchView extends BatchHooks {
  stop(): void;
}

/**
 * On a TTY: one bar for the batch (items settled of total, ok and failed counts). Otherwise (CI,
 * pipes, logs of a farm): one line per item event, so a log shows which item ran where.
 */
export function createBatchView(opts: {
  batch: string;
  total: number;
  done: number;
  stream?: NodeJS.WriteStream;
}): BatchView {
  const stream = opts.stream ?? process.stderr;
  return stream.isTTY ? barView(stream, opts) : lineView(stream, opts);
}

function lineView(stream: NodeJS.WriteStream, opts: { total: number; done: number }): BatchView {
  const t0 = performance.now();
  let done = opts.done;
  const say = (text: string) =>
    stream.write(`[${((performance.now() - t0) / 1000).toFixed(2).padStart(7)}s] ${text}\n`);
  return {
    started(item, worker, attempt) {
      say(`${item} started${worker ? ` on ${worker}` : ''}${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
    },
    progress() {},
    retrying(item, attempt, message, delayMs) {
      say(`${item} attempt ${attempt} failed, retrying in ${(delayMs / 1000).toFixed(1)} s: ${message}`);
    },
    settled(s) {
      done++;
      say(`${describe(s)} (${done}/${opts.total})`);
    },
    stop() {},
  };
}

function barView(
  stream: NodeJS.WriteStream,
  opts: { batch: string; total: number; done: number },
): BatchView {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      hideCursor: true,
      clearOnComplete: false,
      barsize: 30,
      format: ` batch ${opts.batch} |{bar}| {value}/{total} items  {ok} ok  {failed} failed  {last}`,
    },
    cliProgress.Presets.shades_classic,
  );
  let ok = 0;
  let failed = 0;
  bar.start(opts.total, opts.done, { ok: 0, failed: 0, last: '' });
  return {
    started(item) {
      bar.update({ last: `${item} started` });
    },
    progress() {},
    retrying(item, attempt) {
      bar.update({ last: `${item} retrying (attempt ${attempt} failed)` });
    },
    settled(s) {
      if (s.status === 'ok') ok++;
      if (s.status === 'failed') failed++;
      bar.increment(1, { ok, failed, last: describe(s).slice(0, 60) });
    },
    stop() {
      bar.stop();
    },
  };
}

export function describe(s: ItemSummary): string {
  switch (s.status) {
    case 'ok':
      return `${s.id} ok in ${((s.ms ?? 0) / 1000).toFixed(2)} s${s.worker ? ` on ${s.worker}` : ''}`;
    case 'failed':
      return `${s.id} FAILED: ${s.error ?? 'failed'}`;
    default:
      return `${s.id} ${s.status}`;
  }
}
