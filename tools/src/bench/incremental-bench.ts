import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeImage, encodePng } from '@ffavatar/core/io';
import { resolveAsset, writeBenchResult } from '@ffavatar/core/node';

/**
 * Incremental reconstruction through the CLI with a disk cache: the cost of adding a 9th photo to
 * an 8-photo run, against a 1-photo run from scratch (the target: under 1.5x). The graph
 * is the classic one up to the avatar (reconstruction only, no renders).
 */
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(repo, 'apps/headless-runner/dist/cli.js');
const work = mkdtempSync(join(tmpdir(), 'incremental-bench-'));

const src = decodeImage(new Uint8Array(readFileSync(resolveAsset('portraits/astronaut.png'))));
const photos = Array.from({ length: 9 }, (_, i) => {
  const scale = 1 - 0.04 * i,
    W = src.width,
    H = src.height,
    data = new Uint8Array(W * H * 4).fill(128);
  const dx = Math.round((W - W * scale) * ((i % 3) / 2)),
    dy = Math.round((H - H * scale) / 2);
  for (let y = 0; y < H * scale; y++)
    for (let x = 0; x < W * scale; x++) {
      const sx = Math.min(W - 1, Math.floor(x / scale)),
        sy = Math.min(H - 1, Math.floor(y / scale));
      const from = (sy * W + (i % 2 ? W - 1 - sx : sx)) * 4;
      data.set(src.data.subarray(from, from + 4), ((y + dy) * W + x + dx) * 4);
    }
  const path = join(work, `photo_${i}.png`);
  writeFileSync(path, encodePng({ width: W, height: H, data }));
  return path;
});
const classic = JSON.parse(readFileSync(join(repo, 'graphs/ffavatar-classic.json'), 'utf8'));
const keep = new Set(['load', 'detect', 'head', 'fit', 'frames', 'fuse', 'field', 'densify', 'saveAvatar']);
classic.nodes = classic.nodes.filter((n: { id: string }) => keep.has(n.id));
classic.edges = classic.edges.filter(
  (e: { from: string; to: string }) => keep.has(e.from.split('.')[0]!) && keep.has(e.to.split('.')[0]!),
);
classic.outputs = { avatar: 'densify.stats' };
const graph = join(work, 'avatar.json');
writeFileSync(graph, JSON.stringify(classic));

function run(images: string[], cache: string, out: string): number {
  const r = spawnSync(
    process.execPath,
    [
      cli,
      'run',
      graph,
      '--out',
      join(work, out),
      '--cache',
      join(work, cache),
      ...images.flatMap((p) => ['--input', `images=${p}`]),
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return (JSON.parse(readFileSync(join(work, out, 'report.json'), 'utf8')) as { ms: number }).ms;
}

const one = run(photos.slice(0, 1), 'c1', 'o1');
const eight = run(photos.slice(0, 8), 'c8', 'o8');
const nine = run(photos, 'c8', 'o9');
console.log(
  `1 photo from scratch: ${(one / 1000).toFixed(2)} s; 8 photos: ${(eight / 1000).toFixed(2)} s; 9th added with the cache: ${(nine / 1000).toFixed(2)} s = ${(nine / one).toFixed(2)}x one photo (target < 1.5x)`,
);
console.log(
  `wrote ${await writeBenchResult('incremental', { onePhotoMs: one, eightPhotosMs: eight, ninthAddedMs: nine, ratio: nine / one, target: 1.5 })}`,
);
