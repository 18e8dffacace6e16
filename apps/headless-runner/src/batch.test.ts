import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBatchFixture } from './batch/test-support/batch-fixture.js';
import { startRedis, type RedisServer } from './batch/test-support/redis-server.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const plugin = join(repo, 'examples/hello-plugin/index.js');
const PASSWORD = 'pw-Zq81xK-secret';
const GOOD = 21;

interface Proc {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  exited: Promise<number | null>;
}

/** Starts the built CLI; output is collected as it comes, so tests can wait on log lines. */
function ffavatar(args: string[]): Proc {
  const child = spawn(process.execPath, [cli, ...args], { cwd: repo, env: { ...process.env, CI: 'true' } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exited,
  };
}

async function waitFor(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The shape of a JSON value: every key path, with items of arrays merged. */
function shape(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((v) => shape(v, `${path}[]`)))].sort();
  if (value && typeof value === 'object')
    return Object.entries(value)
      .flatMap(([k, v]) => [
        `${path}.${k}`,
        ...(k === 'outputs' || k === 'nodes' ? [] : shape(v, `${path}.${k}`)),
      ])
      .sort();
  return [];
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const goodIds = Array.from({ length: GOOD }, (_, i) => `s${String(i).padStart(2, '0')}`);
// Short locks so a killed worker's item is requeued within ~2 s (BullMQ's defaults: 30 s each).
const workerFlags = ['--lock-duration', '2000', '--stalled-interval', '500', '--plugin', plugin];

let redis: RedisServer;
let dir: string;
let fixture: { graph: string; items: string };
const logs: string[] = []; // everything printed, checked for the password at the end

beforeAll(async () => {
  redis = await startRedis({ password: PASSWORD });
  dir = mkdtempSync(join(tmpdir(), 'ffavatar-batch-'));
  fixture = writeBatchFixture(dir, GOOD, true);
}, 20_000);

afterAll(async () => {
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('ffavatar batch through Redis', () => {
  it('runs 22 items on 2 workers; a worker killed mid-item loses nothing; the corrupt item fails alone, once; a rerun skips finished items', async () => {
    const out = join(dir, 'redis-out');
    const a = ffavatar(['worker', '--queue', redis.url, ...workerFlags]);
    const b = ffavatar(['worker', '--queue', redis.url, ...workerFlags]);
    await waitFor(
      'both workers to serve',
      () => a.stderr.includes('serving') && b.stderr.includes('serving'),
    );
    const batch = ffavatar([
      'batch',
      fixture.graph,
      '--items',
      fixture.items,
      '--out',
      out,
      '--queue',
      redis.url,
      '--plugin',
      plugin,
    ]);

    // Kill worker A right after it starts its second item: hello.wait alone keeps it busy 0.3 s.
    let victim = '';
    await waitFor('worker A to start a second item', () => {
      const started = [...a.stderr.matchAll(/\] (\S+) started/g)].map((m) => m[1]!);
      if (started.length < 2) return false;
      victim = started[started.length - 1]!;
      return true;
    });
    a.child.kill('SIGKILL');
    await a.exited;
    expect(a.stderr).not.toContain(`${victim} ok`); // it died mid-item

    const code = await batch.exited;
    logs.push(batch.stdout, batch.stderr, a.stderr);
    expect(code).toBe(1); // one item failed
    const summary = readJson(join(out, 'batch.json'));
    expect(summary.counts).toEqual({
      total: GOOD + 1,
      ok: GOOD,
      skipped: 0,
      failed: 1,
      cancelled: 0,
      pending: 0,
    });
    expect(summary.state).toBe('finished');
    expect(summary.queue).toBe(`redis://:***@127.0.0.1:${redis.port}/0`);

    // Every item exactly once: one folder each, one finished run each, no temp folder left.
    expect(readdirSync(out).sort()).toEqual(['batch.json', ...goodIds, 'zbad']);
    const workerLogs = () => a.stderr + b.stderr;
    expect(summary.items.map((i: { id: string }) => i.id)).toEqual([...goodIds, 'zbad']);
    for (const id of goodIds) {
      expect(summary.items.find((i: { id: string }) => i.id === id).status).toBe('ok');
      const report = readJson(join(out, id, 'report.json'));
      expect(report).toMatchObject({ ok: true, job: { item: id } });
      expect(readdirSync(join(out, id)).sort()).toEqual(['renders', 'report.json']);
      expect(readdirSync(join(out, id, 'renders'))).toEqual(['000.png']);
    }
    // The killed worker's item was handed to the other worker by BullMQ's stalled-job check.
    expect(summary.items.find((i: { id: string }) => i.id === victim).worker).toBe(
      `${hostname()}:${b.child.pid}`,
    );
    expect(b.stderr).toContain(`${victim} ok`);

    const bad = summary.items.find((i: { id: string }) => i.id === 'zbad');
    expect(bad.status).toBe('failed');
    expect(bad.attempts).toBe(1);
    expect(bad.error).toMatch(/node "load": .*zbad.*not a PNG or JPEG/);
    expect(workerLogs().match(/zbad started/g)).toHaveLength(1); // never retried
    expect(batch.stderr).toMatch(/error: item zbad: node "load"/);

    // Rerun: finished items are skipped (their reports untouched), the failed one is tried again.
    const mtimes = goodIds.map((id) => statSync(join(out, id, 'report.json')).mtimeMs);
    const again = ffavatar([
      'batch',
      fixture.graph,
      '--items',
      fixture.items,
      '--out',
      out,
      '--queue',
      redis.url,
      '--plugin',
      plugin,
    ]);
    expect(await again.exited).toBe(1);
    logs.push(again.stdout, again.stderr);
    const second = readJson(join(out, 'batch.json'));
    expect(second.counts).toMatchObject({ skipped: GOOD, failed: 1, ok: 0 });
    expect(second.batch).toBe(summary.batch);
    expect(goodIds.map((id) => statSync(join(out, id, 'report.json')).mtimeMs)).toEqual(mtimes);
    expect(b.stderr.match(/zbad started/g)).toHaveLength(2);

    b.child.kill('SIGINT');
    expect(await b.exited).toBe(0);
    logs.push(
      b.stderr,
      readFileSync(join(out, 'batch.json'), 'utf8'),
      readFileSync(join(out, 's00', 'report.json'), 'utf8'),
    );
  }, 60_000);

  it('Ctrl-C on a worker finishes its item; twice hands it back to the queue for another worker', async () => {
    const one = join(dir, 'one');
    writeBatchFixture(one, 1, false);
    const out = join(dir, 'ctrl-c-out');
    const enqueue = ffavatar([
      'batch',
      join(one, 'graph.json'),
      '--items',
      join(one, 'items'),
      '--out',
      out,
      '--queue',
      redis.url,
      '--plugin',
      plugin,
      '--set',
      'wait.seconds=1.5',
      '--detach',
    ]);
    expect(await enqueue.exited).toBe(0);
    const id = enqueue.stdout.trim();
    expect(id).toMatch(/^b[0-9a-f]{12}$/);
    logs.push(enqueue.stderr);

    // Twice: cancelled, handed back (attempts untouched), temp folder removed, exit 130.
    const first = ffavatar(['worker', '--queue', redis.url, ...workerFlags]);
    await waitFor('the item to start', () => first.stderr.includes('s00 started'));
    first.child.kill('SIGINT');
    await waitFor('the worker to say it finishes', () => first.stderr.includes('finishing 1 running item'));
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(130);
    expect(first.stderr).toContain('s00 cancelled and handed back to the queue');
    expect(readdirSync(join(out, '.partial'))).toEqual([]);
    const pending = ffavatar(['batch', 'status', id, '--queue', redis.url, '--json']);
    expect(await pending.exited).toBe(0);
    expect(JSON.parse(pending.stdout).counts).toMatchObject({ pending: 1, ok: 0 });

    // Once: the next worker takes the item (as attempt 1) and finishes it before exiting 0.
    const second = ffavatar(['worker', '--queue', redis.url, ...workerFlags]);
    await waitFor('the item to start again', () => second.stderr.includes('s00 started (attempt 1 of 3)'));
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    expect(second.stderr).toContain('s00 ok');
    const status = ffavatar(['batch', 'status', id, '--queue', redis.url, '--json']);
    expect(await status.exited).toBe(0);
    const summary = JSON.parse(status.stdout);
    expect(summary.state).toBe('finished');
    expect(summary.items[0]).toMatchObject({ id: 's00', status: 'ok', attempts: 1 });
    expect(existsSync(join(out, '.partial'))).toBe(false);
    logs.push(first.stderr, second.stderr, pending.stdout, pending.stderr, status.stdout, status.stderr);
  }, 30_000);

  it('names the queue with its password masked when Redis refuses or cannot be reached (exit 2)', async () => {
    const wrong = ffavatar([
      'batch',
      fixture.graph,
      '--items',
      fixture.items,
      '--out',
      join(dir, 'x'),
      '--queue',
      `redis://:${PASSWORD}x@127.0.0.1:${redis.port}`,
      '--plugin',
      plugin,
    ]);
    expect(await wrong.exited).toBe(2);
    expect(wrong.stderr).toContain(
      `--queue redis://:***@127.0.0.1:${redis.port}/0: cannot use Redis: WRONGPASS`,
    );
    const none = ffavatar(['worker', '--queue', `redis://127.0.0.1:${redis.port}`]);
    expect(await none.exited).toBe(2);
    expect(none.stderr).toContain('NOAUTH');
    logs.push(wrong.stderr, none.stderr);
  });

  it('never prints or stores the Redis password', () => {
    expect(logs.length).toBeGreaterThan(10);
    for (const text of logs) expect(text).not.toContain(PASSWORD);
  });
});

describe('ffavatar batch, local (no Redis)', () => {
  it('runs the same batch on local worker processes with the same batch.json shape, and skips finished items on a rerun', async () => {
    const out = join(dir, 'local-out');
    const run = ffavatar([
      'batch',
      fixture.graph,
      '--items',
      fixture.items,
      '--out',
      out,
      '--plugin',
      plugin,
      '--concurrency',
      '2',
    ]);
    expect(await run.exited).toBe(1);
    const local = readJson(join(out, 'batch.json'));
    expect(local.queue).toBe('local');
    expect(local.counts).toEqual({
      total: GOOD + 1,
      ok: GOOD,
      skipped: 0,
      failed: 1,
      cancelled: 0,
      pending: 0,
    });
    expect(new Set(local.items.map((i: { worker: string }) => i.worker)).size).toBeGreaterThanOrEqual(2);
    const bad = local.items.find((i: { id: string }) => i.id === 'zbad');
    expect(bad).toMatchObject({ status: 'failed', attempts: 1 });
    expect(bad.error).toMatch(/node "load": .*not a PNG or JPEG/);
    expect(readdirSync(out).sort()).toEqual(['batch.json', ...goodIds, 'zbad']);

    const viaRedis = readJson(join(dir, 'redis-out', 'batch.json'));
    expect(shape(local)).toEqual(shape(viaRedis));

    const again = ffavatar([
      'batch',
      fixture.graph,
      '--items',
      fixture.items,
      '--out',
      out,
      '--plugin',
      plugin,
      '--concurrency',
      '2',
    ]);
    expect(await again.exited).toBe(1);
    expect(readJson(join(out, 'batch.json')).counts).toMatchObject({ skipped: GOOD, failed: 1, ok: 0 });
    expect(again.stderr).toContain(`${GOOD} already finished, 1 to run locally`);
  }, 30_000);

  it('refuses bad flags with exit 2, naming the flag', async () => {
    const cases: [string[], string][] = [
      [['--items', fixture.items], 'batch needs --out DIR'],
      [['--out', join(dir, 'y'), '--items', join(dir, 'nope')], '--items'],
      [['--out', join(dir, 'y'), '--items', fixture.items, '--concurrency', '0'], '--concurrency 0'],
      [['--out', join(dir, 'y'), '--items', fixture.items, '--detach'], '--detach needs --queue'],
    ];
    for (const [flags, message] of cases) {
      const r = ffavatar(['batch', fixture.graph, '--plugin', plugin, ...flags]);
      expect(await r.exited).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });
});
