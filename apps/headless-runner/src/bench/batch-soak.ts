import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeImage } from '@ffavatar/core/io';
import { writeBenchResult } from '@ffavatar/core/node';
import { BATCH_GRAPH } from '../batch/test-support/batch-fixture.js';
import { writeSoakItems, type SoakItem } from './soak-items.js';
import { killWorkersAtRandom, sampleMemory, type MemorySample } from './soak-watch.js';

/**
 * Soak (`pnpm soak`, not part of `pnpm test`): one `ffavatar batch` of 200 items, good photos and
 * bad ones (not an image, empty, truncated, a 144-megapixel header, a zlib bomb) mixed, on 2 local
 * worker processes, while a random worker is SIGKILLed every 0.5 to 2 s. Checks that every good
 * item completes exactly once, every bad one fails once with its own message, nothing is left half
 * written, and the batch's memory stays flat; prints a table and writes bench-results/soak.json.
 *
 * FFAVATAR_SOAK_KILL=busy kills only workers the log shows running an item; the default, any,
 * also kills idle ones (between items, waiting out a retry's backoff). FFAVATAR_SOAK_ITEMS,
 * FFAVATAR_SOAK_SEED, FFAVATAR_SOAK_LIMIT_S change the size, the seed and the time limit (300 s);
 * FFAVATAR_SOAK_LOG=FILE keeps the batch log.
 */

// Same depth from src/bench (run through tsx) and dist/bench; the CLI always runs built.
const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const cli = join(repo, 'apps/headless-runner/dist/cli.js');
const plugin = join(repo, 'examples/hello-plugin/index.js');
const TOTAL = Number(process.env.FFAVATAR_SOAK_ITEMS) || 200;
const SEED = Number(process.env.FFAVATAR_SOAK_SEED) || 14;
const LIMIT_S = Number(process.env.FFAVATAR_SOAK_LIMIT_S) || 300;
const BAD_SHARE = 0.15;
const CONCURRENCY = 2;
const KILL_GAP_MS = { min: 500, max: 2000 };
const KILL_ONLY_BUSY = process.env.FFAVATAR_SOAK_KILL === 'busy';
/** Tries per item in the batch's retry policy (batch/retry-policy.ts). */
const ATTEMPTS = 3;
/** Memory is flat when the last quarter's median is within this factor of the first quarter's. */
const FLAT_FACTOR = 1.5;
const MIB = 2 ** 20;

const LINE = /^\[\s*[\d.]+s\] (\S+) (.*)$/;
const KILLED = /worker process \S+ exited \(SIGKILL\)/;

/** What the batch log says per item: workers running it, results, losses to a killed worker. */
class BatchLog {
  readonly running = new Map<number, string>();
  readonly ok = new Map<string, number>();
  readonly failed = new Map<string, string[]>();
  readonly lost = new Map<string, number>();
  readonly otherRetries: string[] = [];

  line(text: string): void {
    const m = LINE.exec(text);
    if (!m) return;
    const [, item, rest] = m as unknown as [string, string, string];
    const started = /^started on \S+:(\d+)/.exec(rest);
    if (started) {
      this.running.set(Number(started[1]), item);
      return;
    }
    for (const [pid, running] of this.running) if (running === item) this.running.delete(pid);
    if (rest.startsWith('ok in ')) this.ok.set(item, (this.ok.get(item) ?? 0) + 1);
    else if (rest.startsWith('FAILED: ')) {
      this.failed.set(item, [...(this.failed.get(item) ?? []), rest.slice(8)]);
      if (KILLED.test(rest)) this.lost.set(item, (this.lost.get(item) ?? 0) + 1); // the last try, lost too
    } else if (/^attempt \d+ failed, retrying/.test(rest)) {
      if (KILLED.test(rest)) this.lost.set(item, (this.lost.get(item) ?? 0) + 1);
      else this.otherRetries.push(`${item} ${rest}`);
    }
  }
}

interface ItemResult {
  id: string;
  status: string;
  attempts: number;
  error: string | null;
  report: string | null;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
}

function verify(items: SoakItem[], out: string, log: BatchLog, code: number | null): string[] {
  const problems: string[] = [];
  const good = items.filter((i) => !i.error);
  const bad = items.filter((i) => i.error);
  if (code !== 1) problems.push(`exit code ${code}, expected 1 (some items fail)`);
  const summaryFile = join(out, 'batch.json');
  if (!existsSync(summaryFile)) {
    const settled = new Set([...log.ok.keys(), ...log.failed.keys()]).size;
    return [
      ...problems,
      `the batch exited (code ${code}) without writing batch.json, with ${items.length - settled} of ${items.length} items unsettled in its log`,
    ];
  }
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as {
    counts: Record<string, number>;
    items: ItemResult[];
  };
  const want = {
    total: items.length,
    ok: good.length,
    skipped: 0,
    failed: bad.length,
    cancelled: 0,
    pending: 0,
  };
  if (JSON.stringify(summary.counts) !== JSON.stringify(want))
    problems.push(`counts ${JSON.stringify(summary.counts)}, expected ${JSON.stringify(want)}`);
  const byId = new Map(summary.items.map((i) => [i.id, i]));
  for (const item of items) {
    const r = byId.get(item.id);
    const lost = log.lost.get(item.id) ?? 0;
    if (!r) {
      problems.push(`${item.id}: missing from batch.json`);
      continue;
    }
    if (lost >= ATTEMPTS) {
      // Every try died with its worker: the retry policy gives up, which is right, if unlucky.
      if (r.status !== 'failed' || !/worker process \S+ exited/.test(r.error ?? ''))
        problems.push(`${item.id}: lost to ${lost} kills, yet ${r.status}: ${r.error}`);
      continue;
    }
    if (r.attempts !== 1 + lost)
      problems.push(
        `${item.id}: ${r.attempts} attempts, expected ${1 + lost} (1 + ${lost} lost to a killed worker)`,
      );
    if (item.error) {
      const failures = log.failed.get(item.id) ?? [];
      if (r.status !== 'failed')
        problems.push(`${item.id} (${item.kind}): status ${r.status}, expected failed`);
      else if (
        !r.error ||
        !item.error.test(r.error) ||
        !r.error.includes(`node "load": `) ||
        !r.error.includes(item.id)
      )
        problems.push(`${item.id} (${item.kind}): error "${r.error}" does not match ${item.error}`);
      if (failures.length !== 1)
        problems.push(`${item.id}: failed ${failures.length} times in the log, expected once`);
      if (log.ok.has(item.id)) problems.push(`${item.id}: a bad item reported ok`);
    } else {
      if (r.status !== 'ok')
        problems.push(`${item.id} (${item.kind}): status ${r.status} (${r.error}), expected ok`);
      if ((log.ok.get(item.id) ?? 0) !== 1)
        problems.push(`${item.id}: completed ${log.ok.get(item.id) ?? 0} times in the log, expected once`);
      const render = join(out, item.id, 'renders', '000.png');
      if (!existsSync(render)) {
        problems.push(`${item.id}: no renders/000.png`);
        continue;
      }
      const img = decodeImage(readFileSync(render), render);
      if (img.width !== item.size![0] || img.height !== item.size![1])
        problems.push(
          `${item.id} (${item.kind}): render is ${img.width}x${img.height}, expected ${item.size!.join('x')}`,
        );
      const files = readdirSync(join(out, item.id)).sort().join(',');
      if (files !== 'renders,report.json') problems.push(`${item.id}: folder holds ${files}`);
    }
  }
  const entries = readdirSync(out).sort();
  const expected = ['batch.json', ...items.map((i) => i.id)].sort();
  if (JSON.stringify(entries) !== JSON.stringify(expected)) {
    problems.push(
      `--out holds ${entries.filter((e) => !expected.includes(e)).join(', ') || 'fewer entries'} beyond one folder per item and batch.json`,
    );
  }
  for (const retry of log.otherRetries)
    problems.push(`retried for another reason than a killed worker: ${retry}`);
  return problems;
}

function memoryFigures(samples: MemorySample[]) {
  const q = Math.max(1, Math.floor(samples.length / 4));
  const batch = samples.map((s) => s.batch);
  const first = median(batch.slice(0, q));
  const last = median(batch.slice(-q));
  return {
    samples: samples.length,
    peakBatchMiB: Math.max(...batch) / MIB,
    peakWorkersMiB: Math.max(...samples.map((s) => s.workers)) / MIB,
    peakPerWorkerMiB: Math.max(...samples.map((s) => s.workers / Math.max(1, s.workerCount))) / MIB,
    peakTotalMiB: Math.max(...samples.map((s) => s.batch + s.workers)) / MIB,
    batchFirstQuarterMiB: first / MIB,
    batchLastQuarterMiB: last / MIB,
    flat: last <= first * FLAT_FACTOR,
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ffavatar-soak-'));
  try {
    const items = writeSoakItems(join(dir, 'items'), TOTAL, BAD_SHARE, SEED);
    const graph = join(dir, 'graph.json');
    writeFileSync(graph, JSON.stringify(BATCH_GRAPH));
    const out = join(dir, 'out');
    const t0 = performance.now();
    const batch = spawn(
      process.execPath,
      [
        cli,
        'batch',
        graph,
        '--items',
        join(dir, 'items'),
        '--out',
        out,
        '--plugin',
        plugin,
        '--concurrency',
        String(CONCURRENCY),
        '--set',
        'wait.seconds=0.1',
      ],
      { cwd: repo, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const log = new BatchLog();
    let pending = '';
    let stderr = '';
    batch.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      pending += d.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const l of lines) log.line(l);
    });
    const memory = sampleMemory(batch.pid!, 100);
    const killer = killWorkersAtRandom(batch.pid!, {
      minMs: KILL_GAP_MS.min,
      maxMs: KILL_GAP_MS.max,
      seed: SEED,
      onlyBusy: KILL_ONLY_BUSY,
      busyItem: (pid) => log.running.get(pid),
    });
    let hung = false;
    const watchdog = setTimeout(() => {
      hung = true;
      batch.kill('SIGKILL');
    }, LIMIT_S * 1000);
    const code = await new Promise<number | null>((resolve) => batch.on('close', resolve));
    clearTimeout(watchdog);
    killer.stop();
    memory.stop();
    const seconds = (performance.now() - t0) / 1000;

    if (process.env.FFAVATAR_SOAK_LOG) writeFileSync(process.env.FFAVATAR_SOAK_LOG, stderr);
    const problems = hung
      ? [
          `the batch did not finish within ${LIMIT_S} s (killed); last log lines:\n${stderr.split('\n').slice(-8).join('\n')}`,
        ]
      : verify(items, out, log, code);
    const mem = memoryFigures(memory.samples);
    if (!mem.flat)
      problems.push(
        `batch memory grew from ${mem.batchFirstQuarterMiB.toFixed(0)} MiB to ${mem.batchLastQuarterMiB.toFixed(0)} MiB`,
      );
    const kills = killer.kills;
    const figures = {
      workload: `${TOTAL} items (${items.filter((i) => i.error).length} bad: ${[...new Set(items.filter((i) => i.error).map((i) => i.kind))].join(', ')}), graph load -> brightness, save, wait 0.1 s; ${CONCURRENCY} local workers; a random ${KILL_ONLY_BUSY ? 'busy ' : ''}worker SIGKILLed every ${KILL_GAP_MS.min / 1000}-${KILL_GAP_MS.max / 1000} s`,
      seed: SEED,
      seconds,
      itemsPerMinute: (TOTAL * 60) / seconds,
      exitCode: code,
      kills: {
        total: kills.length,
        midItem: kills.filter((k) => k.item).length,
        idle: kills.filter((k) => !k.item).length,
      },
      itemsLostToKills: [...log.lost.values()].reduce((a, b) => a + b, 0),
      itemsGivenUpAfterKills: [...log.lost.values()].filter((n) => n >= ATTEMPTS).length,
      killLog: kills,
      memory: mem,
      ok: problems.length === 0,
      problems,
    };
    const file = await writeBenchResult('soak', { figures });
    const row = (k: string, v: string) => `  ${k.padEnd(34)} ${v}`;
    process.stdout.write(
      [
        `batch soak: ${figures.workload}`,
        row('items / bad', `${TOTAL} / ${items.filter((i) => i.error).length}`),
        row('wall time', `${seconds.toFixed(1)} s (${figures.itemsPerMinute.toFixed(0)} items/min)`),
        row(
          'workers killed (mid-item / idle)',
          `${kills.length} (${figures.kills.midItem} / ${figures.kills.idle})`,
        ),
        row(
          'item runs lost and retried',
          `${figures.itemsLostToKills} (items given up after ${ATTEMPTS} lost runs: ${figures.itemsGivenUpAfterKills})`,
        ),
        row(
          'peak RSS: batch / workers / total',
          `${mem.peakBatchMiB.toFixed(0)} / ${mem.peakWorkersMiB.toFixed(0)} / ${mem.peakTotalMiB.toFixed(0)} MiB`,
        ),
        row('peak RSS per worker', `${mem.peakPerWorkerMiB.toFixed(0)} MiB`),
        row(
          'batch RSS first / last quarter',
          `${mem.batchFirstQuarterMiB.toFixed(0)} / ${mem.batchLastQuarterMiB.toFixed(0)} MiB (${mem.flat ? 'flat' : 'GROWING'})`,
        ),
        row(
          'result',
          problems.length === 0
            ? 'ok: every good item once, every bad one failed once with its message'
            : `${problems.length} problem(s)`,
        ),
        ...problems.slice(0, 20).map((p) => `    - ${p}`),
        `-> ${file}`,
        '',
      ].join('\n'),
    );
    if (problems.length > 0) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
