import { readdirSync, readFileSync } from 'node:fs';

/**
 * Watching a running `ffavatar batch` from outside, through /proc (Linux): its worker processes,
 * their memory, and killing one of them now and then, as a machine that loses processes would.
 */

/** Processes whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command, which sits in parentheses and may contain spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid) out.push(Number(name));
    } catch {
      // gone between the listing and the read
    }
  }
  return out;
}

/** Resident memory in bytes, or 0 once the process is gone. */
function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export interface MemorySample {
  /** Seconds since the batch started. */
  t: number;
  batch: number;
  workers: number;
  workerCount: number;
}

/** Samples the batch process and its workers every `everyMs` until stopped. */
export function sampleMemory(pid: number, everyMs: number): { samples: MemorySample[]; stop(): void } {
  const samples: MemorySample[] = [];
  const t0 = performance.now();
  const take = () => {
    const kids = childrenOf(pid);
    samples.push({
      t: (performance.now() - t0) / 1000,
      batch: rssBytes(pid),
      workers: kids.reduce((s, k) => s + rssBytes(k), 0),
      workerCount: kids.length,
    });
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    samples,
    stop: () => {
      clearInterval(timer);
      take();
    },
  };
}

export interface Kill {
  t: number;
  pid: number;
  /** The item the killed worker was running, from the batch log; undefined when it was idle. */
  item: string | undefined;
}

/**
 * Kills a random worker of `pid` at random moments (gaps uniform in [minMs, maxMs]) until stopped;
 * with `onlyBusy`, spares one that `busyItem(pid)` (what it runs, from the log) finds idle.
 */
export function killWorkersAtRandom(
  pid: number,
  opts: {
    minMs: number;
    maxMs: number;
    seed: number;
    onlyBusy: boolean;
    busyItem(worker: number): string | undefined;
  },
): { kills: Kill[]; stop(): void } {
  let s = opts.seed >>> 0;
  const random = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const kills: Kill[] = [];
  const t0 = performance.now();
  let timer: NodeJS.Timeout;
  const next = () => {
    timer = setTimeout(
      () => {
        const kids = childrenOf(pid);
        const victim = kids[Math.floor(random() * kids.length)];
        const item = victim === undefined ? undefined : opts.busyItem(victim);
        // Drawn among all workers, then spared if idle: the chance an item is hit stays the same
        // when only one item is left running.
        if (victim !== undefined && (item !== undefined || !opts.onlyBusy)) {
          try {
            process.kill(victim, 'SIGKILL');
            kills.push({ t: (performance.now() - t0) / 1000, pid: victim, item });
          } catch {
            // exited on its own meanwhile
          }
        }
        next();
      },
      opts.minMs + random() * (opts.maxMs - opts.minMs),
    );
  };
  next();
  return { kills, stop: () => clearTimeout(timer) };
}
