import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { resolveAsset, writeBenchResult } from '@ffavatar/core/node';
import { startRedis, type RedisServer } from '../batch/test-support/redis-server.js';

/**
 * Batch figures: items per minute for 1 and 2 workers, local and through Redis, on the current main
 * job (graphs/portrait-preview.json: load the subject's portrait, write it to renders/), and the
 * queue's own cost per job: a BullMQ round trip next to the local pool's IPC round trip, and what
 * each further near-empty item adds to a batch both ways. Wall times include starting the `ffavatar batch` process;
 * Redis workers are started (and warmed on one item) beforehand, as on a farm. Medians of
 * REPEATS runs. Written to bench-results/batch.json.
 */

const cli = fileURLToPath(new URL('../cli.js', import.meta.url));
const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const ITEMS = 40;
/** This machine is shared and noisy: every batch figure is the median of a few runs. */
const REPEATS = 3;
/** Near-empty batches of two sizes: the difference is the cost per item without start-up. */
const TRIVIAL_SMALL = 20;
const TRIVIAL_LARGE = 80;
const ROUND_TRIPS = 200;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function cliRun(args: string[]): Promise<{ code: number | null; ms: number; stderr: string }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: repo,
    env: { ...process.env, CI: 'true' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, ms: performance.now() - t0, stderr })),
  );
}

function startWorker(url: string): Promise<{ stop(): Promise<void> }> {
  const child = spawn(process.execPath, [cli, 'worker', '--queue', url], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d: Buffer) => {
    log += d.toString();
  });
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (log.includes('serving')) {
        clearInterval(poll);
        resolve({
          stop: () =>
            new Promise<void>((r) => {
              child.once('close', () => r());
              child.kill('SIGINT');
            }),
        });
      }
    }, 10);
    child.once('close', (code) => {
      clearInterval(poll);
      reject(new Error(`worker exited with ${code}: ${log}`));
    });
  });
}

function portraitItems(dir: string, n: number): string {
  const portrait = resolveAsset('portraits/astronaut.png');
  const items = join(dir, 'subjects');
  for (let i = 0; i < n; i++) {
    const folder = join(items, `p${String(i).padStart(3, '0')}`);
    mkdirSync(folder, { recursive: true });
    copyFileSync(portrait, join(folder, 'portrait.png'));
  }
  return items;
}

/** Items that bind one number: the run is nearly empty, so its wall time is the batch machinery's. */
function trivialItems(dir: string, n: number): { graph: string; list: string } {
  mkdirSync(dir, { recursive: true });
  const graph = join(dir, 'trivial.json');
  writeFileSync(
    graph,
    JSON.stringify({
      format: 'ffavatar-graph',
      version: 1,
      nodes: [{ id: 'list', type: 'core.makeList' }],
      edges: [],
      inputs: { seed: { to: 'list.item0', type: 'Number' } },
      outputs: { list: 'list.list' },
    }),
  );
  const list = join(dir, 'trivial-items.json');
  writeFileSync(
    list,
    JSON.stringify(Array.from({ length: n }, (_, i) => ({ id: `t${i}`, inputs: { seed: i } }))),
  );
  return { graph, list };
}

/** Median of REPEATS runs, each into a fresh folder (a rerun into the same one would skip every item). */
async function batchRate(
  args: string[],
  out: string,
  n: number,
): Promise<{ itemsPerMinute: number; wallMs: number }> {
  const walls: number[] = [];
  for (let k = 0; k < REPEATS; k++) {
    const folder = `${out}-${k}`;
    const r = await cliRun([...args, '--out', folder]);
    if (r.code !== 0) throw new Error(`batch ${args.join(' ')} failed (exit ${r.code}):\n${r.stderr}`);
    const summary = JSON.parse(readFileSync(join(folder, 'batch.json'), 'utf8')) as {
      counts: { ok: number };
    };
    if (summary.counts.ok !== n)
      throw new Error(`batch ${args.join(' ')}: ${summary.counts.ok} of ${n} items ok:\n${r.stderr}`);
    walls.push(r.ms);
  }
  const wallMs = median(walls);
  return { itemsPerMinute: (n * 60_000) / wallMs, wallMs };
}

async function withWorkers<T>(
  redis: RedisServer,
  count: number,
  warm: string[],
  fn: () => Promise<T>,
): Promise<T> {
  const workers = await Promise.all(Array.from({ length: count }, () => startWorker(redis.url)));
  try {
    await cliRun(warm); // each worker starts its node threads on its first item
    return await fn();
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

/** BullMQ alone: enqueue, a worker takes it, completes it, the enqueuer hears it. */
async function redisRoundTripMs(redis: RedisServer): Promise<number> {
  const connection = { host: '127.0.0.1', port: redis.port };
  const name = 'bench-round-trip';
  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });
  const worker = new Worker(name, async () => 'ok', { connection });
  await Promise.all([events.waitUntilReady(), worker.waitUntilReady()]);
  const samples: number[] = [];
  try {
    for (let i = 0; i < ROUND_TRIPS; i++) {
      const t0 = performance.now();
      const job = await queue.add('x', { i }); // kept: a removed job races waitUntilFinished; this Redis is thrown away
      await job.waitUntilFinished(events);
      samples.push(performance.now() - t0);
    }
  } finally {
    await worker.close();
    await events.close();
    await queue.close();
  }
  return median(samples);
}

/** The local pool's transport alone: a message to a forked process and back. */
async function ipcRoundTripMs(): Promise<number> {
  const child = spawn(process.execPath, ['-e', "process.on('message', (m) => process.send(m))"], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const samples: number[] = [];
  try {
    for (let i = 0; i < ROUND_TRIPS; i++) {
      const t0 = performance.now();
      await new Promise((r) => {
        child.once('message', r);
        child.send({ i });
      });
      samples.push(performance.now() - t0);
    }
  } finally {
    child.kill();
  }
  return median(samples);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ffavatar-batch-bench-'));
  const loadBefore = loadavg()[0]!;
  const redis = await startRedis();
  try {
    const graph = join(repo, 'graphs/portrait-preview.json');
    const items = portraitItems(dir, ITEMS);
    const warmItems = portraitItems(join(dir, 'warm'), 2);
    const base = ['batch', graph, '--items', items];
    const warm = (w: number) => [
      'batch',
      graph,
      '--items',
      warmItems,
      '--queue',
      redis.url,
      '--out',
      join(dir, `warm-${w}`),
    ];

    const local1 = await batchRate([...base, '--concurrency', '1'], join(dir, 'local-1'), ITEMS);
    const local2 = await batchRate([...base, '--concurrency', '2'], join(dir, 'local-2'), ITEMS);
    const redis1 = await withWorkers(redis, 1, warm(1), () =>
      batchRate([...base, '--queue', redis.url], join(dir, 'redis-1'), ITEMS),
    );
    const redis2 = await withWorkers(redis, 2, warm(2), () =>
      batchRate([...base, '--queue', redis.url], join(dir, 'redis-2'), ITEMS),
    );

    const marginalMs = async (label: string, queue: string[]) => {
      const rate = async (n: number) => {
        const t = trivialItems(join(dir, `trivial-${label}-${n}`), n);
        return (
          await batchRate(
            ['batch', t.graph, '--items', t.list, ...queue],
            join(dir, `trivial-out-${label}-${n}`),
            n,
          )
        ).wallMs;
      };
      const small = await rate(TRIVIAL_SMALL);
      const large = await rate(TRIVIAL_LARGE);
      return (large - small) / (TRIVIAL_LARGE - TRIVIAL_SMALL);
    };
    const trivialLocal = await marginalMs('local', ['--concurrency', '1']);
    const trivialRedis = await withWorkers(redis, 1, warm(3), () =>
      marginalMs('redis', ['--queue', redis.url]),
    );

    const figures = {
      /** 1-minute load average before and after: on a shared machine, read the figures with it. */
      loadAverage: { before: loadBefore, after: loadavg()[0]! },
      workload: `graphs/portrait-preview.json on ${ITEMS} subjects (one 512x512 PNG each); Redis on loopback`,
      itemsPerMinute: {
        local1: local1.itemsPerMinute,
        local2: local2.itemsPerMinute,
        redis1: redis1.itemsPerMinute,
        redis2: redis2.itemsPerMinute,
      },
      wallMs: { local1: local1.wallMs, local2: local2.wallMs, redis1: redis1.wallMs, redis2: redis2.wallMs },
      queueOverhead: {
        redisRoundTripMs: await redisRoundTripMs(redis),
        localIpcRoundTripMs: await ipcRoundTripMs(),
        /** Wall time each further near-empty item adds to a batch on one worker (start-up excluded). */
        trivialItemMs: { local: trivialLocal, redis: trivialRedis },
      },
    };
    const file = await writeBenchResult('batch', { figures });
    const f = figures.itemsPerMinute;
    const q = figures.queueOverhead;
    process.stdout.write(
      [
        `batch throughput (${figures.workload})`,
        `  items/min      1 worker   2 workers`,
        `  local      ${f.local1.toFixed(1).padStart(10)} ${f.local2.toFixed(1).padStart(11)}`,
        `  redis      ${f.redis1.toFixed(1).padStart(10)} ${f.redis2.toFixed(1).padStart(11)}`,
        `queue overhead per job`,
        `  BullMQ round trip (add -> worker -> completed event)  ${q.redisRoundTripMs.toFixed(2)} ms`,
        `  local pool IPC round trip                             ${q.localIpcRoundTripMs.toFixed(3)} ms`,
        `  each further near-empty item, 1 worker: local ${q.trivialItemMs.local.toFixed(1)} ms, redis ${q.trivialItemMs.redis.toFixed(1)} ms`,
        `  (load average ${figures.loadAverage.before.toFixed(1)} before, ${figures.loadAverage.after.toFixed(1)} after, on ${availableParallelism()} cores)`,
        `-> ${file}`,
        '',
      ].join('\n'),
    );
  } finally {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
