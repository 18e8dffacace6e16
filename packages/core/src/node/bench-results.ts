import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findCheckoutRoot } from './assets.js';
import { writeFileAtomic } from './atomic-write.js';

/**
 * Writes one benchmark's figures to `<checkout>/bench-results/<name>.json` (or $FFAVATAR_BENCH_DIR),
 * stamped with date, Node version and machine, so every `pnpm bench` table has a JSON twin.
 */
export async function writeBenchResult(name: string, figures: Record<string, unknown>): Promise<string> {
  const root = findCheckoutRoot(dirname(fileURLToPath(import.meta.url))) ?? process.cwd();
  const dir = process.env.FFAVATAR_BENCH_DIR ?? join(root, 'bench-results');
  const file = join(dir, `${name}.json`);
  const record = {
    bench: name,
    date: new Date().toISOString(),
    node: process.version,
    machine: { cpus: availableParallelism(), model: cpus()[0]?.model ?? 'unknown' },
    ...figures,
  };
  await writeFileAtomic(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}
